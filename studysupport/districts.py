"""Ghent's districts (wijken): the list the demo and the seed content load, and how a district
typed as free text before the list existed is found in it (migration 0008)."""

import re

# The city's 25 wijken as "Gent in cijfers" names them.
GHENT_DISTRICTS = (
    "Binnenstad",
    "Bloemekenswijk",
    "Brugse Poort - Rooigem",
    "Dampoort",
    "Drongen",
    "Elisabethbegijnhof - Papegaai",
    "Gentbrugge",
    "Gentse Kanaaldorpen en -zone",
    "Ledeberg",
    "Macharius - Heirnis",
    "Mariakerke",
    "Moscou - Vogelhoek",
    "Muide - Meulestede - Afrikalaan",
    "Nieuw Gent - UZ",
    "Oostakker",
    "Oud Gentbrugge",
    "Rabot - Blaisantvest",
    "Sint-Amandsberg",
    "Sint-Denijs-Westrem - Afsnee",
    "Sluizeken - Tolhuis - Ham",
    "Stationsbuurt-Noord",
    "Stationsbuurt-Zuid",
    "Watersportbaan - Ekkergem",
    "Wondelgem",
    "Zwijnaarde",
)


# The lists shipped, by the code of the institution whose list it is; another city running the
# domain starts with an empty list and types its own in the admin.
DISTRICT_LISTS = {"gent": GHENT_DISTRICTS}


def _plain(name):
    return re.sub(r"[\s\-–]+", "", name).casefold()


def district_name(typed, names=GHENT_DISTRICTS):
    """The list's name of a district typed as text ("Brugse Poort", "sluizeken-tolhuis-ham"): the
    whole name, or its first part before " - "; the text itself, tidied, when the list has none."""
    typed = " ".join(typed.split())
    for name in names:
        if _plain(typed) in (_plain(name), _plain(name.split(" - ")[0])):
            return name
    return typed


def load_districts(institution, names=GHENT_DISTRICTS):
    """The list for ``institution``, once: a second run adds nothing. Returns how many were added."""
    from studysupport.models import District

    known = set(District.objects.filter(institution=institution).values_list("name", flat=True))
    new = [District(institution=institution, name=name) for name in names if name not in known]
    if new:
        from simple_history.utils import bulk_create_with_history

        from core.demo import demo_reason

        bulk_create_with_history(new, District, default_change_reason=demo_reason(institution))
    return len(new)
