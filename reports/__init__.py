"""Documents and spreadsheets: one renderer for PDFs (render.py), one writer for XLSX."""
