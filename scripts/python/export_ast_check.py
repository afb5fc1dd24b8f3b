"""Checks generated Python against what its generator meant, with Python's own parser.

Reads JSON on stdin: {"references": {key: code}, "cases": [{"id", "ref", "name", "code"}]}. Each case is
an export of the same spec as its reference, under a hostile model name; the reference was exported
under the empty name. A case passes when its UTF-8 bytes parse (bytes, so that a `coding:` declaration
counts as it would in a file), MODEL_NAME holds exactly the name, the module has exactly the reference's
statements once that one string is set aside, and it has the reference's number of lines and comments
(nothing in the name broke a line). Prints JSON: {"checked": n, "failures": [{"id", "why"}]}.
"""
import ast
import io
import json
import sys
import tokenize


def shape(source: bytes):
    """The module's statements with MODEL_NAME's value blanked, its MODEL_NAME value, lines and comments."""
    tree = ast.parse(source)
    names = [
        node for node in tree.body
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["MODEL_NAME"]
    ]
    if len(names) != 1 or not isinstance(names[0].value, ast.Constant) or not isinstance(names[0].value.value, str):
        raise ValueError(f"expected one MODEL_NAME = '...' statement, found {len(names)}")
    value = names[0].value.value
    names[0].value.value = ""
    comments = sum(1 for t in tokenize.tokenize(io.BytesIO(source).readline) if t.type == tokenize.COMMENT)
    text = source.decode("utf-8")
    return ast.dump(tree, include_attributes=False), value, len(text.splitlines()), comments


def main():
    request = json.load(sys.stdin)
    references = {key: shape(code.encode("utf-8")) for key, code in request["references"].items()}
    failures = []
    for case in request["cases"]:
        try:
            try:
                source = case["code"].encode("utf-8")
            except UnicodeEncodeError as error:
                raise ValueError(f"the code is not valid Unicode text: {error}") from None
            dump, value, lines, comments = shape(source)
            ref_dump, _, ref_lines, ref_comments = references[case["ref"]]
            if value != case["name"]:
                raise ValueError(f"MODEL_NAME is {value!r}, not {case['name']!r}")
            if dump != ref_dump:
                raise ValueError("the statements differ from the reference export's")
            if lines != ref_lines or comments != ref_comments:
                raise ValueError(f"{lines} lines and {comments} comments, the reference has {ref_lines} and {ref_comments}")
        except (SyntaxError, ValueError) as error:
            failures.append({"id": case["id"], "why": f"{type(error).__name__}: {error}"})
    json.dump({"checked": len(request["cases"]), "failures": failures}, sys.stdout)


if __name__ == "__main__":
    main()
