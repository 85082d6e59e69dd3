"""Required content: what documents of a kind must say (rules/content/*.yaml), recognised in their text.

model.py and loader.py hold the data, recognise.py finds an element in a document's sections,
facts.py derives the `content` facts the rules in rules/content.yaml test. See docs/content.md.
"""
