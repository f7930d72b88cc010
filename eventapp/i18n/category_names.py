"""French and Spanish names of the seeded stakeholder categories, in the UN's usual terms."""

from __future__ import annotations

# key: (name_fr, name_es, description_fr, description_es)
DEFAULT_CATEGORY_TRANSLATIONS: dict[str, tuple[str, str, str, str]] = {
    "government": (
        "Gouvernement",
        "Gobierno",
        "États membres et observateurs : ministères, missions et autres autorités nationales.",
        "Estados Miembros y observadores: ministerios, misiones y otras autoridades nacionales.",
    ),
    "un-system": (
        "Système des Nations Unies et organisations internationales",
        "Sistema de las Naciones Unidas y organizaciones internacionales",
        "Entités des Nations Unies et autres organisations intergouvernementales.",
        "Entidades de las Naciones Unidas y otras organizaciones intergubernamentales.",
    ),
    "civil-society": (
        "Société civile",
        "Sociedad civil",
        "Organisations non gouvernementales, organisations confessionnelles, syndicats et "
        "fondations.",
        "Organizaciones no gubernamentales, organizaciones confesionales, sindicatos y "
        "fundaciones.",
    ),
    "private-sector": (
        "Secteur privé",
        "Sector privado",
        "Entreprises, employeurs et associations professionnelles.",
        "Empresas, empleadores y asociaciones empresariales.",
    ),
    "migrants-diaspora": (
        "Migrants et diaspora",
        "Migrantes y diáspora",
        "Les migrants eux-mêmes et les organisations de la diaspora, qui parlent au nom de "
        "leurs communautés.",
        "Los propios migrantes y las organizaciones de la diáspora, que hablan en nombre de "
        "sus comunidades.",
    ),
    "local-authorities": (
        "Autorités locales et régionales",
        "Autoridades locales y regionales",
        "Villes, municipalités, provinces et gouvernements régionaux.",
        "Ciudades, municipios, provincias y gobiernos regionales.",
    ),
    "academia": (
        "Milieu universitaire",
        "Mundo académico",
        "Universités, instituts de recherche et experts indépendants.",
        "Universidades, institutos de investigación y expertos independientes.",
    ),
}
