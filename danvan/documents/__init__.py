"""Legal-format documents any context issues: Decree 30/2020 and 36-HD/VPTW templates, the registers
of outgoing documents (sổ văn bản đi) and DOCX rendering."""
