"""Small GV100AD files built by hand following the documented layout (220 characters a record)."""


def record(kind, key, name, *, type_code="", population=None, verband="", stand="20250831", seat=""):
    """One fixed-width record; `key` is the unit's key (2–8 digits), placed from position 11."""
    line = [" "] * 220

    def put(start, text):  # 1-based start position, as in the Destatis description
        for offset, char in enumerate(text):
            line[start - 1 + offset] = char

    put(1, kind)
    put(3, stand)
    put(11, key)
    if verband:
        put(19, verband)
    put(23, name)
    put(73, seat)
    put(123, type_code)
    if population is not None:
        put(129, f"{1000:011d}")
        put(140, f"{population:011d}")
        put(151, f"{population // 2:011d}")
    return "".join(line)


def bw_sample(*, rheinhausen="Rheinhausen", stand="20250831"):
    """Baden-Württemberg in miniature: Land, RB Freiburg, a Region, a Landkreis, a Stadtkreis and Gemeinden."""
    return [
        record("10", "08", "Baden-Württemberg", stand=stand, seat="Stuttgart"),
        record("20", "083", "Reg.-Bez. Freiburg", stand=stand),
        record("30", "0831", "Region Südlicher Oberrhein", stand=stand),
        record("40", "08311", "Freiburg im Breisgau, Stadtkreis", type_code="42", stand=stand),
        record("50", "08311", "Freiburg im Breisgau, Stadt", type_code="50", verband="0000", stand=stand),
        record(
            "60",
            "08311000",
            "Freiburg im Breisgau, Stadt",
            type_code="62",
            population=237460,
            verband="0000",
            stand=stand,
        ),
        record("40", "08316", "Emmendingen", type_code="44", stand=stand),
        record("60", "08316038", rheinhausen, type_code="64", population=4000, verband="5006", stand=stand),
        record("60", "08316042", "Müllheim-Süd", type_code="63", population=5000, verband="5006", stand=stand),
    ]


def nrw_sample():
    """A piece of Nordrhein-Westfalen: no Regionen there."""
    return [
        record("10", "05", "Nordrhein-Westfalen", seat="Düsseldorf"),
        record("20", "051", "Reg.-Bez. Düsseldorf"),
        record("40", "05111", "Düsseldorf, Stadt", type_code="41"),
        record("60", "05111000", "Düsseldorf, Stadt", type_code="61", population=620000, verband="0000"),
    ]


def encode(lines, *, encoding="utf-8-sig", newline="\n"):
    return (newline.join(lines) + newline).encode(encoding)
