# English pages show times on the 24-hour clock, as the programme runs in Germany. Django's default
# "P" ends in "p.m.", which doubles the full stop at the end of a sentence ("… at 6:08 p.m..").
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
# Day first, as in the long formats and in SHORT_DATETIME_FORMAT: Django's English "m/d/Y" showed 4 July as
# "07/04/2026" beside "29/11/2026 17:28" in the same table (found in the trial walk of the pool overview).
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
# What is typed is read the way it is shown: "04/07/2026" is 4 July, never 7 April. ISO stays first, as the
# admin's date widgets write it.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d.%m.%Y %H:%M",
]
