"""Resource quantities, read with apimachinery's grammar:

    <quantity> ::= <signedNumber><suffix>
    <suffix>   ::= Ki | Mi | Gi | Ti | Pi | Ei | n | u | m | "" | k | M | G | T | P | E | e<signedNumber>

`K` is not a suffix (a classic typo for `k` or `Ki`).
"""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, Decimal, InvalidOperation
from functools import lru_cache

_QUANTITY = re.compile(
    r"(?P<number>[+-]?(?:\d+(?:\.\d*)?|\.\d+))"
    r"(?P<suffix>[KMGTPE]i|[eE][+-]?\d+|[numkMGTPE])?")
_BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
_DECIMAL = {"n": Decimal("1e-9"), "u": Decimal("1e-6"), "m": Decimal("0.001"), "": Decimal(1),
            "k": Decimal(10**3), "M": Decimal(10**6),
            "G": Decimal(10**9), "T": Decimal(10**12), "P": Decimal(10**15), "E": Decimal(10**18)}


_MAX_ALLOWED = Decimal(2**63 - 1)
"""apimachinery's maxAllowed: ParseQuantity caps a larger value at it."""
_MAX_DIGITS = 19
_MIN_EXPONENT = -10
_NANO = Decimal("1e-9")


@lru_cache(maxsize=4096)
def parse_quantity(text: str) -> Decimal | None:
    """The quantity's value, or None when `text` is not a quantity; like apimachinery's
    ParseQuantity, a value beyond 2^63-1 is capped there. Kept: the same few quantities come
    back in every container of a file."""
    match = _QUANTITY.fullmatch(text.strip()) if text == text.strip() else None
    if match is None:
        return None
    try:
        number = Decimal(match.group("number"))
    except InvalidOperation:
        return None
    suffix = match.group("suffix") or ""
    if suffix in _BINARY:
        value = number * _BINARY[suffix]
    elif suffix[:1] in ("e", "E") and len(suffix) > 1:
        exponent = int(suffix[1:])
        if not number:
            return number
        if number.adjusted() + exponent > _MAX_DIGITS:
            return _MAX_ALLOWED.copy_sign(number)
        if number.adjusted() + exponent < _MIN_EXPONENT:
            return _NANO.copy_sign(number)  # ParseQuantity rounds what is not zero up to 1n
        value = number.scaleb(exponent)
    else:
        value = number * _DECIMAL[suffix]
    return _MAX_ALLOWED.copy_sign(value) if abs(value) > _MAX_ALLOWED else value


def has_fraction_of_unit(text: str) -> bool:
    """True for values below the unit's granularity, like `500m` of memory (half a byte)."""
    value = parse_quantity(text)
    return value is not None and value != value.to_integral_value()


_BINARY_STEPS = sorted(_BINARY.items(), key=lambda item: -item[1])
_DECIMAL_STEPS = [(s, v) for s, v in sorted(_DECIMAL.items(), key=lambda item: -item[1]) if v >= 1000]
_SCALE_SUFFIXES = {-9: "n", -6: "u", -3: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E"}
_BYTES = ("memory", "ephemeral-storage", "storage", "sizeLimit")


def _digits(value: Decimal) -> str:
    """Plain digits: no exponent, no trailing zeros."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def canonical(value: Decimal, binary: bool, exponent: bool) -> str:
    """How the API server writes a quantity back (apimachinery's CanonicalizeBytes): the largest
    suffix of the written family that keeps the number whole; binary values under 1Ki or with a
    fraction are written in decimal, and nothing is finer than `n`."""
    if value == 0:
        return "0"
    if binary and abs(value) >= 1024 and value % 1 == 0:
        for suffix, size in _BINARY_STEPS:
            if value % size == 0:
                return f"{_digits(value / size)}{suffix}"
    scale = next((s for s in range(18, -9, -3) if (value / Decimal(10) ** s) % 1 == 0), -9)
    number = _digits((value / Decimal(10) ** scale).to_integral_value(rounding=ROUND_CEILING))
    if exponent:
        return number if scale == 0 else f"{number}e{scale}"
    return number + _SCALE_SUFFIXES[scale]


def _sizes(value: Decimal) -> str:
    """`1 Gi = 1.07 G`: the value in the largest binary and decimal unit it reaches."""
    shown = []
    for steps in (_BINARY_STEPS, _DECIMAL_STEPS):
        for suffix, size in steps:
            if abs(value) >= size:
                shown.append(f"{_digits(round(value / size, 2))} {suffix}")
                break
    return " = ".join(shown)


def quantity_reading(text: str, resource: str) -> str | None:
    """Markdown that reads a quantity out for the resource it measures (cpu, memory, ...)."""
    match = _QUANTITY.fullmatch(text)
    value = parse_quantity(text)
    if match is None or value is None:
        return None
    suffix = match.group("suffix") or ""
    binary, exponent = suffix in _BINARY, suffix[:1] in ("e", "E") and len(suffix) > 1
    if resource == "cpu":
        millis = (value * 1000).to_integral_value(rounding=ROUND_CEILING)
        cores = _digits(millis / 1000)
        written = f"{_digits(millis)}m"
        reading = f"{cores} CPU {'core' if cores == '1' else 'cores'}"
        parts = [f"`{text}` = **{reading}**" if text == written else f"`{text}` = **{written}** = {reading}"]
        if millis != value * 1000:
            parts.append(f"The kubelet counts CPU in thousandths of a core: it rounds this up to `{_digits(millis)}m`.")
        return "\n\n".join(parts)
    if resource not in _BYTES and not resource.startswith("hugepages-"):
        return f"`{text}` = **{_digits(value)}**"
    parts = [f"`{text}` = **{_digits(value)} bytes**" + (f" ({_sizes(value)})" if abs(value) >= 1000 else "")]
    if value != value.to_integral_value():
        milli = " (`m` means thousandths: did you mean `Mi`, 2²⁰, or `M`, 10⁶?)" if suffix == "m" else ""
        parts.append(f"That is a fraction of a byte{milli}.")
    elif suffix in _BINARY or (suffix in _DECIMAL and suffix not in ("", "n", "u", "m")):
        other = ("k" if suffix == "Ki" else suffix[0]) if binary else ("Ki" if suffix == "k" else f"{suffix}i")
        number = match.group("number")
        twin = parse_quantity(number + other)
        family = "powers of 1024" if binary else "powers of 1000"
        parts.append(f"`{suffix}` counts in {family}; `{number}{other}` would be {_digits(twin)} bytes.")
    written = canonical(value, binary, exponent)
    if written != text:
        parts.append(f"The API server writes it as `{written}`.")
    return "\n\n".join(parts)
