# English pages show times on the 24-hour clock, as the programme runs in Germany. Django's default
# "P" ends in "p.m.", which doubles the full stop at the end of a sentence ("… at 6:08 p.m..").
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
