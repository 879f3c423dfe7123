"""Content: sanitising, full-text extraction, chrome removal, documents, language."""
