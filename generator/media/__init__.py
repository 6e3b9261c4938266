"""Media of articles: photos (sizes, formats, metadata stripped); documents and video come later (issue 15)."""
