"""Loaders for inputs that are not plain text: web pages, feeds and addresses (http://, https://).

Each module is imported only when its kind of input appears (digest.load dispatches by content),
so a run over text pages never loads an HTML parser, a feed parser or an HTTP client.

    html  an HTML page -> page text (an e-paper page of several articles) or one record (an article)
    feed  an RSS or Atom feed -> one record per item, with its link and date
    url   an http:// or https:// address -> the body, within a time limit, a size cap and few redirects
"""
