"""Club names vary in print (DOMAIN.md); they are compared on a key that ignores the variations."""

import pytest

from clubs.names import name_key, tidy_name


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("ES Ben-Aknoun", "ES Ben Aknoun"),
        ("NA Hussein-Dey", "NA Hussein Dey"),
        ("CR.Beni Thamou", "CR Beni Thamou"),
        ("J. Sidi -Salem", "J Sidi Salem"),
        ("MB. Hassi Messaoud", "MB Hassi Messaoud"),
        ("SA Sétif", "sa setif"),
        ("CRB Mécheria", "CRB  MECHERIA"),
    ],
)
def test_printed_variants_share_a_key(one, other):
    assert name_key(one) == name_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [("ES Sétif", "SA Sétif"), ("MC Oran", "ASM Oran"), ("CR Beni Thour", "CR Beni Thamou")],
)
def test_different_clubs_keep_different_keys(one, other):
    assert name_key(one) != name_key(other)


def test_tidy_name_for_display():
    assert tidy_name("J. Sidi -Salem") == "J. Sidi-Salem"
    assert tidy_name("CR.Beni Thamou") == "CR. Beni Thamou"
    assert tidy_name("  US   Souf ") == "US Souf"
