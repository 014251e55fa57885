use super::*;

const CYCLIC_31: &str = r##"{
  "openapi": "3.1.0",
  "info": {"title": "Arbre", "version": "1"},
  "paths": {
    "/noeuds/{id}": {
      "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}, "example": 3}],
      "get": {
        "operationId": "lireNoeud",
        "tags": ["noeuds"],
        "responses": {
          "200": {"description": "Le nœud", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Noeud"}}}},
          "404": {"description": "Absent"}
        }
      }
    }
  },
  "components": {"schemas": {
    "Noeud": {"type": "object", "required": ["nom"], "properties": {
      "nom": {"type": "string"},
      "parent": {"$ref": "#/components/schemas/Noeud"},
      "enfants": {"type": "array", "items": {"$ref": "#/components/schemas/Noeud"}},
      "valeur": {"oneOf": [{"type": "string"}, {"$ref": "#/components/schemas/Mesure"}]}
    }},
    "Mesure": {"type": "object", "properties": {"unite": {"type": ["string", "null"]}}}
  }}
}"##;

#[test]
fn a_cyclic_schema_ends_in_a_cycle_row_instead_of_expanding_forever() {
    let spec = read(CYCLIC_31, "arbre.json").unwrap();
    let op = &spec.groups[0].operations[0];
    assert_eq!(op.anchor, "op-lirenoeud");
    let rows = spec.rows(&op.responses[0].contents[0]);
    let shown: Vec<(usize, Option<&str>, &str, Option<&str>)> = rows
        .iter()
        .map(|r| {
            (
                r.depth,
                r.name.as_deref(),
                r.type_label.as_str(),
                r.note.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        vec![
            (0, None, "Noeud", None),
            (1, Some("enfants"), "array<Noeud>", None),
            (
                2,
                Some("[]"),
                "Noeud",
                Some("référence circulaire vers Noeud")
            ),
            (1, Some("nom"), "string", None),
            (
                1,
                Some("parent"),
                "Noeud",
                Some("référence circulaire vers Noeud")
            ),
            (1, Some("valeur"), "", Some("un parmi (oneOf)")),
            (2, Some("option 1"), "string", None),
            (2, Some("option 2 : Mesure"), "Mesure", None),
            (3, Some("unite"), "string | null", None),
        ]
    );
    assert!(rows[3].required);
}

#[test]
fn path_level_parameters_apply_to_each_operation() {
    let spec = read(CYCLIC_31, "arbre.json").unwrap();
    let p = &spec.groups[0].operations[0].parameters[0];
    assert_eq!(
        (
            p.name.as_str(),
            p.location.as_str(),
            p.type_label.as_str(),
            p.required
        ),
        ("id", "path", "integer", true)
    );
    assert_eq!(p.example.as_deref(), Some("3"));
}

#[test]
fn a_dangling_ref_is_reported_with_its_json_pointer() {
    let broken = CYCLIC_31.replace("#/components/schemas/Mesure", "#/components/schemas/Mesur");
    let problem = read(&broken, "arbre.json").unwrap_err();
    assert_eq!(
        problem.pointer,
        "/components/schemas/Noeud/properties/valeur/oneOf/1/$ref"
    );
    assert!(problem.message.contains("#/components/schemas/Mesur"));
}

#[test]
fn swagger_2_body_and_form_parameters_become_request_bodies() {
    let yaml = r##"
swagger: "2.0"
info: {title: Animaux, version: "1.0"}
host: api.example.fr
basePath: /v1
securityDefinitions:
  cle: {type: apiKey, in: header, name: X-Api-Key}
security: [{cle: []}]
paths:
  /animaux:
    post:
      tags: [animaux]
      consumes: [application/json]
      parameters:
        - {name: corps, in: body, required: true, schema: {$ref: "#/definitions/Animal"}}
      responses:
        "201": {description: Créé, schema: {$ref: "#/definitions/Animal"}, examples: {application/json: {nom: Rex}}}
  /animaux/{id}/photo:
    post:
      consumes: [multipart/form-data]
      parameters:
        - {name: id, in: path, required: true, type: string}
        - {name: fichier, in: formData, required: true, type: file}
      responses: {"200": {description: OK}}
definitions:
  Animal: {type: object, properties: {nom: {type: string, example: Rex}}}
"##;
    let spec = read(yaml, "animaux.yaml").unwrap();
    assert_eq!(spec.format, "Swagger 2.0");
    assert_eq!(spec.servers, vec!["https://api.example.fr/v1"]);
    assert_eq!(spec.operation_count, 2);
    let post = &spec.groups[0].operations[0];
    let body = post.request_body.as_ref().unwrap();
    assert!(body.required);
    assert_eq!(spec.rows(&body.contents[0])[0].type_label, "Animal");
    assert_eq!(
        post.responses[0].contents[0].examples[0].code,
        "{\n  \"nom\": \"Rex\"\n}"
    );
    let security = post.security.as_ref().unwrap();
    assert_eq!(security[0][0].anchor, "securite-cle");
    let upload = &spec.groups[1].operations[0];
    assert_eq!(spec.groups[1].name, "Autres opérations");
    assert_eq!(upload.parameters.len(), 1);
    let form = &upload.request_body.as_ref().unwrap().contents[0];
    assert_eq!(form.media_type, "multipart/form-data");
    assert_eq!(spec.rows(form)[0].name.as_deref(), Some("fichier"));
    assert!(spec.rows(form)[0].required);
}

#[test]
fn what_is_not_a_spec_says_so() {
    assert!(read("{\"a\": 1", "x.json")
        .unwrap_err()
        .message
        .contains("not valid JSON"));
    assert!(read("title: x", "x.yaml")
        .unwrap_err()
        .message
        .contains("neither"));
    assert_eq!(
        read("openapi: 4.0.0", "x.yaml").unwrap_err().pointer,
        "/openapi"
    );
}

#[test]
fn a_schema_shown_under_many_operations_is_one_table() {
    let yaml = r##"
openapi: 3.0.3
info: {title: Tables, version: "1"}
paths:
  /a:
    get:
      responses:
        "200": {description: A, content: {application/json: {schema: {$ref: "#/components/schemas/Chose"}}}}
        "default": {description: Erreur, content: {application/json: {schema: {type: object, properties: {code: {type: integer}}}}}}
  /b:
    post:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Chose"}}}}
      responses:
        "default": {description: Erreur, content: {application/json: {schema: {properties: {code: {type: integer}}, type: object}}}}
components:
  schemas:
    Chose: {type: object, properties: {nom: {type: string}}}
"##;
    let spec = read(yaml, "tables.yaml").unwrap();
    let a = &spec.groups[0].operations[0];
    let b = &spec.groups[0].operations[1];
    let chose_in_a = a.responses[0].contents[0].schema;
    let chose_in_b = b.request_body.as_ref().unwrap().contents[0].schema;
    let error_in_a = a.responses[1].contents[0].schema;
    let error_in_b = b.responses[0].contents[0].schema;
    assert_eq!(chose_in_a, chose_in_b, "the same $ref");
    assert_eq!(error_in_a, error_in_b, "equal inline schemas");
    assert_ne!(chose_in_a, error_in_a);
    assert_eq!(spec.schema_tables.len(), 2);
    let names: Vec<Option<&str>> = spec
        .rows(&b.responses[0].contents[0])
        .iter()
        .map(|r| r.name.as_deref())
        .collect();
    assert_eq!(names, vec![Some("code")]);
}
