"""Runs the independent security.txt validator `sectxt` on files; prints one JSON line per file."""
import json
import sys

from sectxt import Parser

for path in sys.argv[1:]:
    with open(path, "rb") as f:
        parser = Parser(f.read())
    print(json.dumps({"path": path, "errors": parser.errors, "recommendations": parser.recommendations}))
