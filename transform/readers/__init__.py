"""Page readers: the text of one input (text dump, HTML, NTB JSON, RSS) -> a Document of releases and blocks.

`parse.parse_input` is the one entry point; each reader knows one format and its page layouts.
"""
