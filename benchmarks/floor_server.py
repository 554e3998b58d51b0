"""The bare pygls floor: a pygls 2 server with no features, for the start-up comparison."""

from pygls.lsp.server import LanguageServer

if __name__ == "__main__":
    LanguageServer("floor", "0").start_io()
