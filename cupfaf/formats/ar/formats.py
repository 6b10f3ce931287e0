# Arabic formats where Django's own leave staff without what they need: amounts grouped by thousands
# ("1.000.000 دج"), and a time's minutes kept ("9 مارس 2024، 15:00", not "3 م").
DATETIME_FORMAT = "j F Y، H:i"
NUMBER_GROUPING = 3
