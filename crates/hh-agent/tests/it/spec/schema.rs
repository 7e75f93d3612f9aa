//! Every schema keyword the validator supports, shown accepting good input and rejecting
//! bad input with an exact message, on a tiny inline spec with recursive and cyclic
//! components. Operations, requests and responses are `rules`' business.

use std::sync::OnceLock;

use serde_json::{json, Value};

use crate::support::openapi::Spec;

/// A tiny spec for the schema keywords, with recursive and cyclic components, and typed
/// parameters and form fields for the text-value rules in `rules`.
const TINY: &str = r##"
openapi: 3.0.3
paths:
  /things:
    post:
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              required: [name]
              properties:
                name: {type: string}
                ids: {type: array, items: {type: integer}}
      responses:
        '201': {description: created}
  /things/{id}:
    parameters:
      - {in: path, name: id, required: true, schema: {type: integer}}
      - {in: query, name: n, schema: {type: integer, minimum: 1}}
    get:
      parameters:
        - {in: query, name: tags, schema: {type: array, items: {enum: [a, b]}}}
        - {in: query, name: flag, schema: {type: boolean}}
        - {in: query, name: e, explode: true, schema: {type: string}}
        - {in: query, name: n, schema: {type: integer, maximum: 5}}
      responses:
        default:
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Id'}
  /things/mine:
    get:
      responses:
        '200': {description: ok}
components:
  schemas:
    Id: {type: string, minLength: 1}
    Tree:
      type: object
      properties:
        children: {type: array, items: {$ref: '#/components/schemas/Tree'}}
    Loop: {allOf: [{$ref: '#/components/schemas/Loop'}]}
    PingA: {$ref: '#/components/schemas/PingB'}
    PingB: {$ref: '#/components/schemas/PingA'}
    Cat: {type: object, required: [kind, meows], properties: {kind: {type: string}, meows: {type: boolean}}}
    Pet: {type: object, required: [kind], properties: {kind: {type: string}}}
"##;

pub(super) fn tiny() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| Spec::from_yaml(TINY).unwrap())
}

#[track_caller]
fn check_schema(schema: Value, value: Value, expected: &[&str]) {
    let errors = tiny().validate(&schema, &value).err().unwrap_or_default();
    assert_eq!(errors, expected, "schema {schema}, value {value}");
}
#[test]
fn types_and_nullable() {
    check_schema(json!({"type": "string"}), json!("a"), &[]);
    check_schema(json!({"type": "string"}), json!(1), &["$: 1 is not string"]);
    check_schema(json!({"type": "integer"}), json!(3), &[]);
    check_schema(
        json!({"type": "integer"}),
        json!(3.5),
        &["$: 3.5 is not integer"],
    );
    check_schema(json!({"type": "number"}), json!(3.5), &[]);
    check_schema(
        json!({"type": "number"}),
        json!("3"),
        &["$: \"3\" is not number"],
    );
    check_schema(json!({"type": "boolean"}), json!(false), &[]);
    check_schema(
        json!({"type": "boolean"}),
        json!("true"),
        &["$: \"true\" is not boolean"],
    );
    check_schema(json!({"type": "array"}), json!({}), &["$: {} is not array"]);
    check_schema(
        json!({"type": "object"}),
        json!([]),
        &["$: [] is not object"],
    );
    check_schema(
        json!({"type": "string", "nullable": true}),
        json!(null),
        &[],
    );
    check_schema(
        json!({"type": "string"}),
        json!(null),
        &["$: null is not string (not nullable)"],
    );
    let nullable_ref = json!({"$ref": "#/components/schemas/Id", "nullable": true});
    check_schema(nullable_ref, json!(null), &[]);
    // `required` beside a `$ref` counts too (hh.ru's `job_search_status`).
    let required_ref = json!({"$ref": "#/components/schemas/Pet", "required": ["meows"]});
    check_schema(
        required_ref.clone(),
        json!({"kind": "cat", "meows": true}),
        &[],
    );
    check_schema(
        required_ref,
        json!({"kind": "cat"}),
        &["$.meows: required but missing"],
    );
}

#[test]
fn enums_and_bounds() {
    check_schema(json!({"enum": ["a", "b"]}), json!("a"), &[]);
    check_schema(
        json!({"enum": ["a", "b"]}),
        json!("c"),
        &["$: \"c\" not in enum [\"a\", \"b\"]"],
    );
    check_schema(json!({"enum": [1]}), json!(1.0), &[]);
    check_schema(json!({"minimum": 1, "maximum": 3}), json!(2), &[]);
    check_schema(json!({"minimum": 1}), json!(0), &["$: 0 < minimum 1"]);
    check_schema(json!({"maximum": 3}), json!(4), &["$: 4 > maximum 3"]);
    let exclusive =
        json!({"minimum": 1, "exclusiveMinimum": true, "maximum": 3, "exclusiveMaximum": true});
    check_schema(exclusive.clone(), json!(2), &[]);
    check_schema(exclusive.clone(), json!(1), &["$: 1 <= minimum 1"]);
    check_schema(exclusive, json!(3), &["$: 3 >= maximum 3"]);
    let length = json!({"minLength": 2, "maxLength": 3});
    check_schema(length.clone(), json!("абв"), &[]);
    check_schema(
        length.clone(),
        json!("a"),
        &["$: 1 characters, fewer than minLength 2"],
    );
    check_schema(
        length,
        json!("abcd"),
        &["$: 4 characters, more than maxLength 3"],
    );
    let items = json!({"minItems": 1, "maxItems": 2, "uniqueItems": true});
    check_schema(items.clone(), json!([1, 2]), &[]);
    check_schema(
        items.clone(),
        json!([]),
        &["$: 0 items, fewer than minItems 1"],
    );
    check_schema(
        items.clone(),
        json!([1, 2, 3]),
        &["$: 3 items, more than maxItems 2"],
    );
    check_schema(items, json!([1, 1]), &["$[1]: 1 repeats"]);
}

#[test]
fn objects_and_arrays() {
    let object = json!({
        "type": "object",
        "required": ["id"],
        "properties": {"id": {"type": "integer"}, "tags": {"type": "array", "items": {"type": "string"}}},
        "additionalProperties": false
    });
    check_schema(object.clone(), json!({"id": 1, "tags": ["a"]}), &[]);
    check_schema(object.clone(), json!({}), &["$.id: required but missing"]);
    check_schema(
        object.clone(),
        json!({"id": "1"}),
        &["$.id: \"1\" is not integer"],
    );
    check_schema(
        object.clone(),
        json!({"id": 1, "tags": ["a", 2]}),
        &["$.tags[1]: 2 is not string"],
    );
    check_schema(
        object,
        json!({"id": 1, "odd key": 2}),
        &["$[\"odd key\"]: not allowed (additionalProperties: false)"],
    );
    let map = json!({"additionalProperties": {"type": "integer"}});
    check_schema(map.clone(), json!({"x": 1}), &[]);
    check_schema(map, json!({"x": "y"}), &["$.x: \"y\" is not integer"]);
    check_schema(
        json!({"properties": {"a": {"type": "string"}}}),
        json!({"b": 1}),
        &[],
    );
}

#[test]
fn combinators() {
    let all = json!({"allOf": [{"required": ["a"]}, {"required": ["b"]}]});
    check_schema(all.clone(), json!({"a": 1, "b": 2}), &[]);
    check_schema(all, json!({"a": 1}), &["$.b: required but missing"]);
    let any = json!({"anyOf": [{"type": "string"}, {"type": "integer"}]});
    check_schema(any.clone(), json!(1), &[]);
    check_schema(
        any,
        json!(true),
        &["$: matches no anyOf branch: [0] $: true is not string; [1] $: true is not integer"],
    );
    let one = json!({"oneOf": [{"type": "integer"}, {"type": "number"}]});
    check_schema(one.clone(), json!(1.5), &[]);
    check_schema(
        one.clone(),
        json!(1),
        &["$: matches 2 oneOf branches [0, 1], exactly one must"],
    );
    check_schema(
        one,
        json!("x"),
        &["$: matches no oneOf branch: [0] $: \"x\" is not integer; [1] $: \"x\" is not number"],
    );
    // A discriminator picks the branch by value (overlapping branches, like `/me`'s).
    let pet = json!({
        "discriminator": {"propertyName": "kind", "mapping": {"cat": "#/components/schemas/Cat"}},
        "oneOf": [{"$ref": "#/components/schemas/Pet"}, {"$ref": "#/components/schemas/Cat"}],
    });
    check_schema(pet.clone(), json!({"kind": "cat", "meows": true}), &[]);
    check_schema(
        pet.clone(),
        json!({"kind": "cat"}),
        &["$.meows: required but missing"],
    );
    // An unmapped value falls back to "exactly one".
    check_schema(pet, json!({"kind": "dog"}), &[]);
}

#[test]
fn references_resolve_and_cycles_are_reported() {
    let id = json!({"$ref": "#/components/schemas/Id"});
    check_schema(id.clone(), json!("x"), &[]);
    check_schema(id, json!(""), &["$: 0 characters, fewer than minLength 1"]);
    let tree = json!({"$ref": "#/components/schemas/Tree"});
    check_schema(tree.clone(), json!({"children": [{"children": [{}]}]}), &[]);
    check_schema(
        tree,
        json!({"children": [{"children": [{"children": 5}]}]}),
        &["$.children[0].children[0].children: 5 is not array"],
    );
    check_schema(
        json!({"$ref": "#/components/schemas/Loop"}),
        json!({}),
        &["$: $ref cycle through #/components/schemas/Loop"],
    );
    check_schema(
        json!({"$ref": "#/components/schemas/PingA"}),
        json!({}),
        &["$: $ref cycle: #/components/schemas/PingA -> #/components/schemas/PingB -> #/components/schemas/PingA"],
    );
    check_schema(
        json!({"$ref": "#/components/schemas/Nope"}),
        json!({}),
        &["$: $ref \"#/components/schemas/Nope\" points at nothing"],
    );
}

/// `format` and `pattern` are documented as not checked; this pins that down, so a
/// change is a decision and not an accident.
#[test]
fn format_and_pattern_are_not_checked() {
    check_schema(
        json!({"type": "string", "format": "date-time"}),
        json!("2013-07-08T16:17:21+0400"),
        &[],
    );
    check_schema(
        json!({"type": "string", "pattern": "^\\d+$"}),
        json!("abc"),
        &[],
    );
}
