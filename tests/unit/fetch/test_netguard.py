"""The URL and address policy, decided without DNS: every spelling of a private address."""

from __future__ import annotations

from ipaddress import ip_address

import pytest

from tidings.errors import BlockedAddressError, UnsafeURLError
from tidings.ingest.fetch import check_url, is_public_address
from tidings.ingest.fetch.netguard import parse_ip

HINT = "unless the operator sets TIDINGS_ALLOW_PRIVATE_NETWORKS=true"

# (url, what the host really is, words in the refusal)
BLOCKED = [
    # IPv4, plain
    ("http://127.0.0.1/", "127.0.0.1", "loopback"),
    ("http://127.255.255.254/", "127.255.255.254", "loopback"),
    ("http://10.0.0.1/", "10.0.0.1", "private"),
    ("http://172.16.5.4/", "172.16.5.4", "private"),
    ("http://172.31.255.255/", "172.31.255.255", "private"),
    ("http://192.168.1.1/", "192.168.1.1", "private"),
    ("http://100.64.0.1/", "100.64.0.1", "carrier-grade NAT"),
    ("http://100.127.255.254/", "100.127.255.254", "carrier-grade NAT"),
    ("http://169.254.169.254/", "169.254.169.254", "link-local"),
    ("http://0.0.0.0/", "0.0.0.0", "unspecified"),
    ("http://192.0.0.8/", "192.0.0.8", "reserved protocol"),
    ("http://192.0.2.1/", "192.0.2.1", "documentation"),
    ("http://198.51.100.7/", "198.51.100.7", "documentation"),
    ("http://203.0.113.9/", "203.0.113.9", "documentation"),
    ("http://198.18.0.1/", "198.18.0.1", "benchmarking"),
    ("http://198.19.255.1/", "198.19.255.1", "benchmarking"),
    ("http://224.0.0.1/", "224.0.0.1", "multicast"),
    ("http://239.255.255.250/", "239.255.255.250", "multicast"),
    ("http://240.0.0.1/", "240.0.0.1", "reserved"),
    ("http://255.255.255.255/", "255.255.255.255", "reserved"),
    # IPv4, odd spellings (what inet_aton accepts)
    ("http://2130706433/", "127.0.0.1", "loopback"),
    ("http://0x7f000001/", "127.0.0.1", "loopback"),
    ("http://0X7F000001/", "127.0.0.1", "loopback"),
    ("http://0x7f.0.0.1/", "127.0.0.1", "loopback"),
    ("http://0x7f.0x0.0x0.0x1/", "127.0.0.1", "loopback"),
    ("http://0177.0.0.1/", "127.0.0.1", "loopback"),
    ("http://017700000001/", "127.0.0.1", "loopback"),
    ("http://00000177.0.0.1/", "127.0.0.1", "loopback"),
    ("http://127.1/", "127.0.0.1", "loopback"),
    ("http://127.0.1/", "127.0.0.1", "loopback"),
    ("http://0x7f.1/", "127.0.0.1", "loopback"),
    ("http://10.1/", "10.0.0.1", "private"),
    ("http://0/", "0.0.0.0", "unspecified"),
    ("http://167772161/", "10.0.0.1", "private"),
    ("http://0xa9.0xfe.0xa9.0xfe/", "169.254.169.254", "link-local"),
    ("http://0251.0376.0251.0376/", "169.254.169.254", "link-local"),
    ("http://192.168.0x1.1/", "192.168.1.1", "private"),
    ("http://127.0.0.1./", "127.0.0.1", "loopback"),
    ("http://１２７.０.０.１/", "127.0.0.1", "loopback"),  # full-width digits, NFKC-folded
    ("HTTP://127.0.0.1:8080/feed", "127.0.0.1", "loopback"),
    # IPv6
    ("http://[::1]/", "::1", "loopback"),
    ("http://[0:0:0:0:0:0:0:1]/", "::1", "loopback"),
    ("http://[::]/", "::", "unspecified"),
    ("http://[fc00::1]/", "fc00::1", "unique local"),
    ("http://[fd12:3456::1]/", "fd12:3456::1", "unique local"),
    ("http://[fe80::1]/", "fe80::1", "link-local"),
    ("http://[fe80::1%25eth0]/", "fe80::1%eth0", "link-local"),
    ("http://[fec0::1]/", "fec0::1", "site-local"),
    ("http://[ff02::1]/", "ff02::1", "multicast"),
    ("http://[2001:db8::1]/", "2001:db8::1", "documentation"),
    ("http://[3fff::1]/", "3fff::1", "documentation"),
    ("http://[100::1]/", "100::1", "reserved"),
    ("http://[2001:2::1]/", "2001:2::1", "benchmarking"),
    ("http://[64:ff9b:1::1]/", "64:ff9b:1::1", "private NAT64"),
    # IPv4 inside IPv6
    ("http://[::ffff:127.0.0.1]/", "::ffff:7f00:1", "loopback address (127.0.0.1) inside"),
    ("http://[::ffff:7f00:1]/", "::ffff:7f00:1", "loopback address (127.0.0.1) inside"),
    ("http://[::ffff:10.0.0.1]/", "::ffff:a00:1", "private address (10.0.0.1) inside"),
    (
        "http://[::ffff:169.254.169.254]/",
        "::ffff:a9fe:a9fe",
        "link-local address (169.254.169.254)",
    ),
    ("http://[::127.0.0.1]/", "::7f00:1", "IPv4-compatible"),
    ("http://[::8.8.8.8]/", "::808:808", "IPv4-compatible"),
    ("http://[64:ff9b::127.0.0.1]/", "64:ff9b::7f00:1", "loopback address (127.0.0.1) inside"),
    ("http://[64:ff9b::a00:1]/", "64:ff9b::a00:1", "private address (10.0.0.1) inside"),
    ("http://[2002:7f00:1::1]/", "2002:7f00:1::1", "loopback address (127.0.0.1) inside"),
    ("http://[2002:c0a8:101::]/", "2002:c0a8:101::", "private address (192.168.1.1) inside"),
    # Teredo: server 65.54.227.120 (public), client 192.168.0.1 (private, stored inverted)
    (
        "http://[2001:0:4136:e378:8000:63bf:3f57:fffe]/",
        "2001:0:4136:e378:8000:63bf:3f57:fffe",
        "private address (192.168.0.1) inside",
    ),
]

PUBLIC = [
    ("http://93.184.215.14/", "http://93.184.215.14/"),
    ("http://8.8.8.8:8080/feed", "http://8.8.8.8:8080/feed"),
    ("http://134744072/", "http://8.8.8.8/"),  # decimal spelling of a public address
    ("http://0x08080808/", "http://8.8.8.8/"),
    ("http://100.63.255.255/", "http://100.63.255.255/"),  # just below CGNAT
    ("http://172.32.0.1/", "http://172.32.0.1/"),  # just above 172.16/12
    ("http://[2606:4700:4700::1111]/feed", "http://[2606:4700:4700::1111]/feed"),
    ("http://[::ffff:8.8.8.8]/", "http://[::ffff:808:808]/"),
    ("http://[64:ff9b::8.8.8.8]/", "http://[64:ff9b::808:808]/"),
    ("http://[2002:808:808::1]/", "http://[2002:808:808::1]/"),
    ("HTTPS://Example.COM:443/Feed.xml#latest", "https://example.com/Feed.xml"),
    ("  https://example.com/feed?a=1&b=2  ", "https://example.com/feed?a=1&b=2"),
    ("https://bücher.example/feed", "https://xn--bcher-kva.example/feed"),
    ("http://example.com:8443/", "http://example.com:8443/"),
    ("http://feeds_1.example.com/", "http://feeds_1.example.com/"),
]


@pytest.mark.parametrize(("url", "address", "words"), BLOCKED)
def test_private_addresses_are_refused_in_any_spelling(url: str, address: str, words: str) -> None:
    with pytest.raises(BlockedAddressError) as caught:
        check_url(url, allow_private=False)
    message = caught.value.message
    assert address in message
    assert words in message
    assert HINT in message
    assert not is_public_address(address)


@pytest.mark.parametrize(("url", "address", "words"), BLOCKED)
def test_operator_may_allow_private_addresses(url: str, address: str, words: str) -> None:
    normalised = check_url(url, allow_private=True)
    assert normalised.startswith("http://")


@pytest.mark.parametrize(("url", "expected"), PUBLIC)
def test_public_addresses_pass_normalised(url: str, expected: str) -> None:
    assert check_url(url, allow_private=False) == expected


def test_odd_spellings_are_normalised_when_private_is_allowed() -> None:
    assert check_url("http://0x7f.1:8080/feed", allow_private=True) == "http://127.0.0.1:8080/feed"
    assert check_url("http://2130706433/", allow_private=True) == "http://127.0.0.1/"
    assert check_url("http://localhost:5000/x", allow_private=True) == "http://localhost:5000/x"


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost/",
        "http://LOCALHOST:8080/feed",
        "http://localhost./",
        "http://api.localhost/",
    ],
)
def test_localhost_names_are_refused_without_dns(url: str) -> None:
    with pytest.raises(BlockedAddressError, match="loopback name"):
        check_url(url, allow_private=False)


@pytest.mark.parametrize("allow_private", [False, True])
@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("file:///etc/passwd", "not file:"),
        ("ftp://example.com/feed.xml", "not ftp:"),
        ("javascript:alert(1)", "not javascript:"),
        ("data:text/xml,<rss/>", "not data:"),
        ("gopher://example.com/", "not gopher:"),
        ("feed://example.com/rss", "not feed:"),
        ("//example.com/feed", "without http:// or https://"),
        ("example.com/feed", "without http:// or https://"),
        ("http://user:pass@example.com/feed", "user name or password"),
        ("http://user@example.com/feed", "user name or password"),
        ("http://example.com@127.0.0.1/", "user name or password"),
        ("http:///feed", "no host name"),
        ("http://ex ample.com/", "not a valid host name"),
        ("http://%31%32%37.0.0.1/", "not a valid"),
        ("http://1.2.3.4.5/", "not a valid one"),
        ("http://08.1.2.3/", "not a valid one"),
        ("http://example.0x7f/", "not a valid one"),
        ("http://256.1.1.1/", "out of range"),
        ("http://4294967296/", "out of range"),
        ("http://127.0.0.1:99999/", "not a valid web address"),
        ("http://[::1/", "not a valid web address"),
    ],
)
def test_unsafe_or_malformed_urls_are_refused(url: str, words: str, allow_private: bool) -> None:
    with pytest.raises(UnsafeURLError) as caught:
        check_url(url, allow_private=allow_private)
    assert words in caught.value.message
    assert not isinstance(caught.value, BlockedAddressError)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8.8.8.8", True),
        ("1.1.1.1", True),
        ("2606:4700:4700::1111", True),
        ("::ffff:8.8.8.8", True),
        ("127.0.0.1", False),
        ("0x7f000001", False),
        ("fe80::1", False),
        ("example.com", False),  # a name is not an address, so not a public one
    ],
)
def test_is_public_address(text: str, expected: bool) -> None:
    assert is_public_address(text) is expected


def test_is_public_address_takes_address_objects() -> None:
    assert is_public_address(ip_address("9.9.9.9"))
    assert not is_public_address(ip_address("192.168.0.1"))


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("example.com", None),
        ("1.2.3.4", "1.2.3.4"),
        ("0x1.0x2.0x3.0x4", "1.2.3.4"),
        ("1.2.772", "1.2.3.4"),  # last part fills the remaining bytes
        ("1.131844", "1.2.3.4"),
        ("16909060", "1.2.3.4"),
        ("[::1]", "::1"),
    ],
)
def test_parse_ip_reads_like_inet_aton(host: str, expected: str | None) -> None:
    parsed = parse_ip(host)
    assert (None if parsed is None else str(parsed)) == expected
