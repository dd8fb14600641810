//! Where demo customers live: cities of seven countries with a postal code
//! and province each that pass the address rules (`addresses::countries`),
//! and street names per country, written the way the country writes them.

use std::sync::LazyLock;

use crate::addresses::countries;

/// One city: the country, the province's code where the country uses one,
/// the city and a postal code of it (in its stored form).
pub(super) struct Place {
    pub country: &'static str,
    pub province: Option<&'static str>,
    pub city: &'static str,
    pub postal_code: &'static str,
}

const fn place(
    country: &'static str,
    province: Option<&'static str>,
    city: &'static str,
    postal_code: &'static str,
) -> Place {
    Place {
        country,
        province,
        city,
        postal_code,
    }
}

/// The countries, with how many customers in 100 live in each.
pub(super) const COUNTRY_SHARES: &[(&str, u64)] = &[
    ("US", 40),
    ("GB", 15),
    ("CA", 12),
    ("DE", 10),
    ("FR", 8),
    ("AU", 8),
    ("NL", 7),
];

pub(super) const PLACES: &[Place] = &[
    place("US", Some("NY"), "New York", "10001"),
    place("US", Some("CA"), "San Francisco", "94103"),
    place("US", Some("TX"), "Austin", "78701"),
    place("US", Some("IL"), "Chicago", "60601"),
    place("US", Some("WA"), "Seattle", "98101"),
    place("US", Some("MA"), "Boston", "02108"),
    place("US", Some("CO"), "Denver", "80202"),
    place("US", Some("OR"), "Portland", "97201"),
    place("US", Some("GA"), "Atlanta", "30303"),
    place("US", Some("FL"), "Miami", "33131"),
    place("GB", None, "London", "EC1A 1BB"),
    place("GB", None, "Manchester", "M1 1AE"),
    place("GB", None, "Edinburgh", "EH1 1YZ"),
    place("GB", None, "Bristol", "BS1 4DJ"),
    place("GB", None, "Leeds", "LS1 4AP"),
    place("GB", None, "Cardiff", "CF10 1AA"),
    place("CA", Some("ON"), "Toronto", "M5V 2T6"),
    place("CA", Some("QC"), "Montréal", "H2X 1Y4"),
    place("CA", Some("BC"), "Vancouver", "V6B 1A1"),
    place("CA", Some("AB"), "Calgary", "T2P 1J9"),
    place("CA", Some("NS"), "Halifax", "B3J 1S9"),
    place("CA", Some("MB"), "Winnipeg", "R3C 0A5"),
    place("DE", None, "Berlin", "10115"),
    place("DE", None, "München", "80331"),
    place("DE", None, "Hamburg", "20095"),
    place("DE", None, "Köln", "50667"),
    place("DE", None, "Frankfurt am Main", "60311"),
    place("DE", None, "Stuttgart", "70173"),
    place("FR", None, "Paris", "75001"),
    place("FR", None, "Lyon", "69002"),
    place("FR", None, "Marseille", "13001"),
    place("FR", None, "Bordeaux", "33000"),
    place("FR", None, "Toulouse", "31000"),
    place("FR", None, "Nantes", "44000"),
    place("AU", Some("NSW"), "Sydney", "2000"),
    place("AU", Some("VIC"), "Melbourne", "3000"),
    place("AU", Some("QLD"), "Brisbane", "4000"),
    place("AU", Some("WA"), "Perth", "6000"),
    place("AU", Some("SA"), "Adelaide", "5000"),
    place("AU", Some("TAS"), "Hobart", "7000"),
    place("NL", None, "Amsterdam", "1012 AB"),
    place("NL", None, "Rotterdam", "3011 AD"),
    place("NL", None, "Utrecht", "3511 AX"),
    place("NL", None, "Den Haag", "2511 CV"),
    place("NL", None, "Eindhoven", "5611 AZ"),
];

/// How a country writes a street address, and its streets.
struct Streets {
    /// The house number goes after the street name ("Hauptstraße 5").
    number_last: bool,
    names: &'static [&'static str],
    /// The word before a flat's number on the second line, if any.
    unit: Option<&'static str>,
}

fn streets(country: &str) -> Streets {
    const ENGLISH: &[&str] = &[
        "Main Street",
        "Oak Avenue",
        "Maple Drive",
        "Park Road",
        "Elm Street",
        "Cedar Lane",
        "High Street",
        "Church Road",
        "Station Road",
        "Victoria Street",
        "King Street",
        "Queen Street",
        "Mill Lane",
        "Lake View Road",
    ];
    match country {
        "DE" => Streets {
            number_last: true,
            names: &[
                "Hauptstraße",
                "Schulstraße",
                "Bahnhofstraße",
                "Gartenstraße",
                "Lindenweg",
                "Am Markt",
                "Goethestraße",
                "Bergstraße",
            ],
            unit: None,
        },
        "NL" => Streets {
            number_last: true,
            names: &[
                "Kerkstraat",
                "Dorpsstraat",
                "Molenweg",
                "Prinsengracht",
                "Stationsplein",
                "Julianalaan",
                "Wilhelminastraat",
            ],
            unit: None,
        },
        "FR" => Streets {
            number_last: false,
            names: &[
                "rue de la République",
                "avenue Victor Hugo",
                "rue Pasteur",
                "boulevard Gambetta",
                "rue des Lilas",
                "place de l'Église",
                "rue du Moulin",
            ],
            unit: None,
        },
        "GB" => Streets {
            number_last: false,
            names: ENGLISH,
            unit: Some("Flat"),
        },
        "AU" => Streets {
            number_last: false,
            names: ENGLISH,
            unit: Some("Unit"),
        },
        _ => Streets {
            number_last: false,
            names: ENGLISH,
            unit: Some("Apt"),
        },
    }
}

/// A street line and an optional second line for `country`.
pub(super) fn street(mix: &mut super::mix::Mix, country: &str) -> (String, Option<String>) {
    let streets = streets(country);
    let name = super::mix::pick(mix, streets.names);
    let number = 1 + mix.below(240);
    let line1 = if streets.number_last {
        format!("{name} {number}")
    } else {
        format!("{number} {name}")
    };
    let line2 = streets
        .unit
        .filter(|_| mix.chance(15))
        .map(|unit| format!("{unit} {}", 1 + mix.below(40)));
    (line1, line2)
}

/// A place of `country` (one of [`COUNTRY_SHARES`]).
pub(super) fn place_in(mix: &mut super::mix::Mix, country: &str) -> usize {
    let candidates: Vec<usize> = PLACES
        .iter()
        .enumerate()
        .filter(|(_, p)| p.country == country)
        .map(|(i, _)| i)
        .collect();
    candidates
        .get(mix.index(candidates.len()))
        .copied()
        .unwrap_or_default()
}

/// A country by [`COUNTRY_SHARES`].
pub(super) fn country(mix: &mut super::mix::Mix) -> &'static str {
    let mut roll = mix.below(100);
    for (code, share) in COUNTRY_SHARES {
        if roll < *share {
            return code;
        }
        roll -= share;
    }
    "US"
}

/// The names orders show for each place: (country name, province name),
/// from the address rules, looked up once.
pub(super) static PLACE_NAMES: LazyLock<Vec<(String, Option<String>)>> = LazyLock::new(|| {
    PLACES
        .iter()
        .map(|p| {
            let country = countries::find(p.country);
            let country_name = country.map_or_else(|| p.country.to_owned(), |c| c.name.clone());
            let province_name = p.province.and_then(|code| {
                country
                    .and_then(|c| c.subdivision(code))
                    .map(|s| s.name.clone())
            });
            (country_name, province_name)
        })
        .collect()
});
