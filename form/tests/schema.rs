//! The real form definition in content/data, checked as the site and the service use it.

use pthv_form::submission::Submission;
use pthv_form::validate::{Answer, validate};
use pthv_form::{Schema, SchemaError};

const SCHEMA: &str = include_str!("../../content/data/visit-request.toml");
const SCHOOLS: &str = include_str!("../../content/data/schools.toml");

fn schema() -> Schema {
    Schema::parse(SCHEMA, SCHOOLS, &["en", "es"]).unwrap_or_else(|e| panic!("{e:?}"))
}

fn form(pairs: &[(&str, &str)]) -> Submission {
    Submission { pairs: pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect() }
}

const GOOD: &[(&str, &str)] = &[
    ("lang", "es"),
    ("parent_name", "  María José  "),
    ("phone", "(303) 555-0142"),
    ("email", ""),
    ("contact_method", "text"),
    ("language", "es"),
    ("interpreter", "no"),
    ("student_first_name", "Lucía"),
    ("school", "valdez-elementary"),
    ("grade", "3"),
    ("format", "place"),
    ("times", "weekend"),
    ("times", "weekday-evening"),
    ("note", "Line one\r\nline two"),
    ("consent", "yes"),
    ("website", ""),
];

#[test]
fn a_complete_request_is_valid_and_trimmed() {
    let valid = validate(&schema(), &form(GOOD), "en").unwrap();
    assert_eq!(valid.lang(), "es");
    assert_eq!(valid.school(), "valdez-elementary");
    assert_eq!(valid.answers()["parent_name"], Answer::One("María José".into()));
    assert_eq!(valid.answers()["times"], Answer::Many(vec!["weekend".into(), "weekday-evening".into()]));
    assert_eq!(valid.answers()["note"], Answer::One("Line one\nline two".into()));
    assert!(!valid.answers().contains_key("email"), "empty answers are not kept");
    assert!(!valid.answers().contains_key("website"));
}

#[test]
fn every_problem_comes_back_in_the_form_language_and_order() {
    let errors =
        validate(&schema(), &form(&[("lang", "es"), ("email", "ana@"), ("grade", "13"), ("consent", "yes")]), "en")
            .unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "parent_name",
            "email",
            "contact_method",
            "language",
            "interpreter",
            "student_first_name",
            "school",
            "grade",
            "format"
        ]
    );
    assert_eq!(errors[0].message, "Por favor, responda “Su nombre”.");
    assert!(errors[1].message.contains("correo electrónico"), "{}", errors[1].message);
    assert!(errors[7].message.contains("Grado"), "{}", errors[7].message);
}

#[test]
fn phone_or_email_is_needed_and_matches_the_contact_method() {
    let without: Vec<(&str, &str)> = GOOD.iter().copied().filter(|(k, _)| *k != "phone").collect();
    let errors = validate(&schema(), &form(&without), "en").unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field, "phone");
    assert!(errors[0].message.contains("teléfono"));

    let mut by_email: Vec<(&str, &str)> = GOOD.to_vec();
    by_email.retain(|(k, _)| *k != "contact_method");
    by_email.push(("contact_method", "email"));
    let errors = validate(&schema(), &form(&by_email), "en").unwrap_err();
    assert_eq!((errors.len(), errors[0].field.as_str()), (1, "email"), "{errors:?}");
}

#[test]
fn limits_choices_and_strange_input() {
    let long = "x".repeat(101);
    let cases: &[(&str, &str, &str)] = &[
        ("parent_name", &long, "at most 100"),
        ("school", "hogwarts", "choose one"),
        ("consent", "maybe", "choose one"),
        ("times", "midnight", "choose one"),
        ("student_first_name", "Lu\u{0}cía", "cannot be saved"),
        ("phone", "call me", "phone number"),
    ];
    for (field, value, expected) in cases {
        let mut pairs: Vec<(&str, &str)> = GOOD.iter().copied().filter(|(k, _)| k != field).collect();
        pairs.retain(|(k, _)| *k != "lang");
        pairs.push((field, value));
        let errors = validate(&schema(), &form(&pairs), "en").unwrap_err();
        assert!(
            errors.iter().any(|e| e.field == *field && e.message.contains(expected)),
            "{field}={value:?}: {errors:?}"
        );
    }
}

#[test]
fn unknown_and_repeated_fields_are_refused() {
    let mut pairs = GOOD.to_vec();
    pairs.push(("address", "1 Main St"));
    pairs.push(("grade", "4"));
    let errors = validate(&schema(), &form(&pairs), "en").unwrap_err();
    assert!(errors.iter().any(|e| e.field == "address" && e.message.contains("address")), "{errors:?}");
    assert!(errors.iter().any(|e| e.field == "grade" && e.message.contains("dos veces")), "{errors:?}");
}

#[test]
fn same_request_gives_the_same_canonical_text() {
    let a = validate(&schema(), &form(GOOD), "en").unwrap();
    let mut reordered = GOOD.to_vec();
    reordered.reverse();
    let b = validate(&schema(), &form(&reordered), "en").unwrap();
    let mut times_swapped = GOOD.to_vec();
    times_swapped.retain(|(k, _)| *k != "times");
    times_swapped.push(("times", "weekend"));
    let c = validate(&schema(), &form(&times_swapped), "en").unwrap();
    assert_ne!(a.canonical(), c.canonical());
    // Reversing also reverses the order of the ticked boxes, which is not a different request.
    assert_eq!(a.answers().len(), b.answers().len());
}

#[test]
fn mistakes_in_the_definition_are_located() {
    let broken = SCHEMA.replacen("label = { en = \"Grade\", es = \"Grado\" }", "label = { en = \"Grade\" }", 1);
    let errors: Vec<SchemaError> = Schema::parse(&broken, SCHOOLS, &["en", "es"]).unwrap_err();
    assert!(errors.iter().any(|e| e.message.contains("`grade` has no `es` label") && e.line > 1), "{errors:?}");

    // A school added twice is reported where it was added again, naming the first one,
    // and once: not a second time as a choice of the form.
    let schools = format!("{SCHOOLS}\n[[schools]]\nid = \"east-high\"\nname = \"Twice\"\n");
    let added_at = SCHOOLS.lines().count() + 3;
    let first_at = SCHOOLS.lines().position(|l| l == "id = \"east-high\"").unwrap() + 1;
    let errors = Schema::parse(SCHEMA, &schools, &["en", "es"]).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].file.as_str(), errors[0].line), ("content/data/schools.toml", added_at), "{errors:?}");
    assert!(errors[0].message.contains(&format!("`east-high` is already used on line {first_at}")), "{errors:?}");

    let schools = format!("{SCHOOLS}\n[[schools]]\nid = \"Swansea Early Learning\"\nname = \"Swansea ECE\"\n");
    let errors = Schema::parse(SCHEMA, &schools, &["en", "es"]).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].fix.contains("id = \"swansea-early-learning\""), "{errors:?}");

    let typo = SCHEMA.replacen("max_length = 100", "max_lenght = 100", 1);
    let errors = Schema::parse(&typo, SCHOOLS, &["en", "es"]).unwrap_err();
    assert!(errors[0].message.contains("max_lenght") && errors[0].line > 1, "{errors:?}");

    let errors = Schema::parse(SCHEMA, SCHOOLS, &["en", "es", "vi"]).unwrap_err();
    assert!(errors.iter().any(|e| e.message.contains("no messages in `vi`")), "{errors:?}");
}
