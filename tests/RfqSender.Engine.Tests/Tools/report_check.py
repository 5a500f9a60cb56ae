"""Independent checks of RfqSender's campaign reports, for the engine tests.

  report_check.py html FILE   parse FILE with html5lib in strict mode (any parse error fails) and print
                              JSON: the data-metric figures, the vendors' data-status counts, the tags and
                              the URLs the page refers to.
  report_check.py png FILE    print JSON: width, height, distinct colours and the share of pixels that are
                              not white, decoded here from the PNG (zlib, no imaging library).
  report_check.py csv FILE    print the CSV's rows as JSON (a header row first).
"""
import collections
import csv
import json
import re
import struct
import sys
import zlib


def html(path):
    import html5lib
    with open(path, "rb") as f:
        data = f.read()
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    tree = parser.parse(data)
    metrics = {}
    statuses = collections.Counter()
    tags = collections.Counter()
    urls = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.split("}")[-1]
        tags[tag] += 1
        if "data-metric" in element.attrib:
            metrics[element.attrib["data-metric"]] = "".join(element.itertext()).strip()
        if "data-status" in element.attrib:
            statuses[element.attrib["data-status"]] += 1
        for name in ("href", "src", "action", "xlink:href", "{http://www.w3.org/1999/xlink}href"):
            if name in element.attrib:
                urls.append(element.attrib[name])
    urls += re.findall(r"url\(([^)]*)\)", data.decode("utf-8"))
    title = tree.find(".//title")
    print(json.dumps({"metrics": metrics, "statuses": statuses, "tags": tags, "urls": urls,
                      "title": "".join(title.itertext()) if title is not None else None}))


def png(path):
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), "unexpected PNG format %d/%d" % (depth, colour)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    colours, ink, offset = set(), 0, 0
    for _ in range(height):
        kind = raw[offset]
        line = bytearray(raw[offset + 1:offset + 1 + stride])
        offset += 1 + stride
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = previous[i]
            c = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        for x in range(0, stride, channels * 4):
            pixel = bytes(line[x:x + 3])
            colours.add(pixel)
            if pixel != b"\xff\xff\xff":
                ink += 1
        previous = line
    sampled = height * ((width + 3) // 4)
    print(json.dumps({"width": width, "height": height, "colours": len(colours), "ink": ink / sampled}))


def rows(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        print(json.dumps(list(csv.reader(f))))


if __name__ == "__main__":
    {"html": html, "png": png, "csv": rows}[sys.argv[1]](sys.argv[2])
