INSTITUTION = "metinvest-polytechnic"


def load_demo_records():
    return False
