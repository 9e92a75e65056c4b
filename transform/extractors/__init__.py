"""Extractors: release blocks -> entity mentions with character spans (quotes, people and roles, amounts,
dates, contacts, language). Pure functions; a document's people are filed once in `people_index`.
"""
