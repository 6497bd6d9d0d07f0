"""PDFs (meeting packs, board exports) drawn with ReportLab from domain objects. No Qt."""
