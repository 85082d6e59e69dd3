"""The assessment loop's paper side: a checklist of the statements that need a person (checklist.rows,
written as xlsx, Markdown or CSV by checklist.writers) and the filled workbook read back into the
bundle's `answers:` and `exclusions:` (checklist.reader, checklist.manifest). docs/loop.md."""
