#!/usr/bin/env python3
"""Reads .eml files with Python's standard email package and prints what it found as JSON.

An independent MIME parser for the tests: usage `read_eml.py FILE...`; prints one JSON array with
one object per file (see read()). Exit code 0 even when a file has defects: they are reported.
"""
import email
import email.policy
import hashlib
import json
import sys


def defects_of(obj):
    return [type(d).__name__ + (": " + str(d) if str(d) else "") for d in getattr(obj, "defects", ())]


def addresses(msg, name):
    header = msg[name]
    if header is None:
        return None
    return [{"display_name": a.display_name, "addr_spec": a.addr_spec} for a in header.addresses]


def read(path):
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)

    defects = []
    parts = []
    for part in msg.walk():
        where = part.get_content_type()
        defects += [where + ": " + d for d in defects_of(part)]
        for name, value in part.items():
            defects += [where + " header " + name + ": " + d for d in defects_of(value)]
        parts.append({
            "content_type": part.get_content_type(),
            "charset": part.get_content_charset(),
            "transfer_encoding": part.get("Content-Transfer-Encoding"),
            "disposition": part.get_content_disposition(),
        })

    def body(kind):
        part = msg.get_body(preferencelist=(kind,))
        if part is None or part.get_content_type() != "text/" + kind:
            return None
        return part.get_content()

    attachments = []
    for part in msg.iter_attachments():
        payload = part.get_payload(decode=True) or b""
        attachments.append({
            "filename": part.get_filename(),
            "content_type": part.get_content_type(),
            "sha256": hashlib.sha256(payload).hexdigest(),
            "size": len(payload),
        })

    date = msg["date"]
    return {
        "path": path,
        "header_names": list(msg.keys()),
        "subject": None if msg["subject"] is None else str(msg["subject"]),
        "from": addresses(msg, "from"),
        "to": addresses(msg, "to"),
        "cc": addresses(msg, "cc"),
        "reply_to": addresses(msg, "reply-to"),
        "bcc": addresses(msg, "bcc"),
        "message_id": None if msg["message-id"] is None else str(msg["message-id"]),
        "date": None if date is None or date.datetime is None else date.datetime.isoformat(),
        "mime_version": None if msg["mime-version"] is None else str(msg["mime-version"]),
        "content_type": msg.get_content_type(),
        "text": body("plain"),
        "html": body("html"),
        "attachments": attachments,
        "parts": parts,
        "defects": defects,
    }


def main():
    sys.stdout.reconfigure(encoding="utf-8")
    json.dump([read(p) for p in sys.argv[1:]], sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
