"""Guarantees about people's files and data (docs/security.md): folders are replaced whole
and only when safe (`folders`), cells are written inert and read back exactly (`cells`),
workbooks are checked before import (`workbook`), numbers are finite (`finite`)."""
