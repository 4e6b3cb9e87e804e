#!/usr/bin/env python3
"""Hostile seeds for tests/fuzz/corpus, rewritten from the generated ones by a small
DER editor (nothing here derives keys or signs: signatures and MACs no longer match,
which the parser must never need to notice). Run by make-seed-corpus.sh after it has
made aes.p12 and leaf.der; run on its own to remake only these:

    tests/fuzz/make-hostile-seeds.py tests/fuzz/corpus

  pkcs12-mac-iterations-2147483647.p12  aes.p12, its MAC asking 2^31-1 iterations
                                        (a 1.2 KB file like it once stalled a scan 464 s)
  pkcs12-pbe-iterations-2147483647.p12  aes.p12, every PBKDF2/PBE count 2^31-1
  cn-100000-characters.der              leaf.der with a 100,000-character CN
  subject-over-128KiB.der               leaf.der with a 135,000-character subject
  generalized-time-year-0000.der        leaf.der, notAfter GeneralizedTime 0000-12-31
"""
import os
import sys

ITERATIONS = 2**31 - 1


def read_tlv(data, i):
    tag = data[i]
    length = data[i + 1]
    i += 2
    if length & 0x80:
        octets = length & 0x7F
        length = int.from_bytes(data[i:i + octets], "big")
        i += octets
    return tag, data[i:i + length], i + length


def children(content):
    out, i = [], 0
    while i < len(content):
        tag, value, i = read_tlv(content, i)
        out.append((tag, value))
    return out


def encode_length(n):
    if n < 0x80:
        return bytes([n])
    octets = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(octets)]) + octets


def tlv(tag, content):
    return bytes([tag]) + encode_length(len(content)) + content


def integer(n):
    return tlv(0x02, n.to_bytes(n.bit_length() // 8 + 1, "big"))


def nested_der(value):
    """The one SEQUENCE an OCTET STRING wraps (PKCS#12 plain contents), else None."""
    if not value or value[0] != 0x30:
        return None
    try:
        _, _, end = read_tlv(value, 0)
        return value if end == len(value) else None
    except IndexError:
        return None


def with_pbe_iterations(tag, value, n):
    """Every SEQUENCE { OCTET STRING salt, INTEGER iterations, ... } (PBEParameter,
    PBKDF2-params) below this element gets `n` iterations; encrypted bytes stay as they are."""
    if tag == 0x04:
        inner = nested_der(value)
        if inner is not None:
            itag, ivalue, _ = read_tlv(inner, 0)
            return tlv(tag, with_pbe_iterations(itag, ivalue, n))
        return tlv(tag, value)
    if not tag & 0x20:
        return tlv(tag, value)
    parts = children(value)
    if tag == 0x30 and len(parts) >= 2 and parts[0][0] == 0x04 and parts[1][0] == 0x02:
        return tlv(tag, tlv(0x04, parts[0][1]) + integer(n) + b"".join(tlv(t, v) for t, v in parts[2:]))
    return tlv(tag, b"".join(with_pbe_iterations(t, v, n) for t, v in parts))


def with_mac_iterations(pfx, n):
    _, value, _ = read_tlv(pfx, 0)
    version, auth_safe, mac_data = children(value)
    mac, salt = children(mac_data[1])[:2]
    return tlv(0x30, tlv(*version) + tlv(*auth_safe) + tlv(0x30, tlv(*mac) + tlv(*salt) + integer(n)))


def with_tbs(cert, edit):
    _, value, _ = read_tlv(cert, 0)
    tbs, algorithm, signature = children(value)
    fields = children(tbs[1])
    edit(fields)
    new_tbs = tlv(0x30, b"".join(tlv(t, v) for t, v in fields))
    return tlv(0x30, new_tbs + tlv(*algorithm) + tlv(*signature))


def oid(dotted):
    parts = [int(p) for p in dotted.split(".")]
    body = bytes([parts[0] * 40 + parts[1]])
    for p in parts[2:]:
        chunk = [p & 0x7F]
        p >>= 7
        while p:
            chunk.insert(0, 0x80 | (p & 0x7F))
            p >>= 7
        body += bytes(chunk)
    return tlv(0x06, body)


def name(*attributes):
    return b"".join(tlv(0x31, tlv(0x30, oid(o) + tlv(0x0C, v.encode()))) for o, v in attributes)


def subject_index(fields):
    return 5 if fields[0][0] == 0xA0 else 4  # after [0] version, serial, algorithm, issuer, validity


def main(corpus):
    def path(name_):
        return os.path.join(corpus, name_)

    p12 = open(path("aes.p12"), "rb").read()
    leaf = open(path("leaf.der"), "rb").read()
    outputs = {}
    outputs["pkcs12-mac-iterations-2147483647.p12"] = with_mac_iterations(p12, ITERATIONS)
    outputs["pkcs12-pbe-iterations-2147483647.p12"] = with_pbe_iterations(p12[0], read_tlv(p12, 0)[1], ITERATIONS)

    def set_subject(value):
        def edit(fields):
            fields[subject_index(fields)] = (0x30, value)
        return edit

    outputs["cn-100000-characters.der"] = with_tbs(leaf, set_subject(name(("2.5.4.3", "a" * 100000))))
    outputs["subject-over-128KiB.der"] = with_tbs(
        leaf, set_subject(name(("2.5.4.11", "u" * 45000), ("2.5.4.11", "v" * 45000), ("2.5.4.3", "w" * 45000))))

    def year_zero(fields):
        validity = children(fields[subject_index(fields) - 1][1])
        validity[1] = (0x18, b"00001231235959Z")
        fields[subject_index(fields) - 1] = (0x30, b"".join(tlv(t, v) for t, v in validity))

    outputs["generalized-time-year-0000.der"] = with_tbs(leaf, year_zero)
    for file_name, data in outputs.items():
        with open(path(file_name), "wb") as out:
            out.write(data)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus"))
