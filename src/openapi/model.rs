//! The normalised model of a spec, the same for Swagger 2.0 and OpenAPI 3.x,
//! as templates see it. Fields named `*_html` hold Markdown rendered to HTML
//! (`prose`); every other string is raw text for Tera to escape.

use super::prose::Prose;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Spec {
    /// `Swagger 2.0`, `OpenAPI 3.0` or `OpenAPI 3.1`.
    pub format: &'static str,
    pub title: String,
    pub version: Option<String>,
    pub description_html: Option<Prose>,
    /// Base URLs (`servers`, or 2.0's `schemes` + `host` + `basePath`).
    pub servers: Vec<String>,
    pub groups: Vec<TagGroup>,
    pub security_schemes: Vec<SecurityScheme>,
    pub operation_count: usize,
    /// Every distinct schema shown on the page, as table rows; a `Content`
    /// names its table by index (`Spec::rows`), so that a schema shown under
    /// many operations is expanded, and rendered, once.
    #[serde(skip)]
    pub schema_tables: Vec<Vec<SchemaRow>>,
    /// The document as read (JSON, keys sorted, `$ref`s kept), for
    /// `openapi.json`.
    #[serde(skip)]
    pub document: serde_json::Value,
}

/// The operations under one tag (or `Autres` for untagged ones).
#[derive(Debug, Clone, Serialize)]
pub struct TagGroup {
    pub name: String,
    pub anchor: String,
    pub description_html: Option<Prose>,
    pub operations: Vec<Operation>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// Stable id: the `operationId` slugified, else method and path.
    pub anchor: String,
    /// Lower case (`get`), for CSS classes.
    pub method: String,
    pub path: String,
    pub summary: Option<String>,
    pub description_html: Option<Prose>,
    pub deprecated: bool,
    /// Written as table rows by the page (`parameter_rows[op.anchor]`).
    #[serde(skip)]
    pub parameters: Vec<Parameter>,
    pub request_body: Option<Body>,
    pub responses: Vec<Response>,
    /// Alternatives (any one suffices); each lists schemes all required.
    /// `None`: no requirement stated; `Some([])`: explicitly public.
    pub security: Option<Vec<Vec<SecurityUse>>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Parameter {
    pub name: String,
    /// `path`, `query`, `header`, `cookie`.
    pub location: String,
    pub type_label: String,
    pub required: bool,
    pub deprecated: bool,
    pub description_html: Option<Prose>,
    pub example: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Body {
    pub description_html: Option<Prose>,
    pub required: bool,
    pub contents: Vec<Content>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Response {
    /// `200`, `4XX`, `default`.
    pub status: String,
    /// `success`, `redirect`, `client-error`, `server-error`, `other`.
    pub class: &'static str,
    pub description_html: Option<Prose>,
    pub contents: Vec<Content>,
}

/// One media type of a body: its schema (an index into
/// `Spec::schema_tables`) and its examples.
#[derive(Debug, Clone, Serialize)]
pub struct Content {
    pub media_type: String,
    pub schema: Option<usize>,
    pub examples: Vec<Example>,
}

impl Spec {
    /// The rows of `content`'s schema (none when it has no schema).
    pub fn rows(&self, content: &Content) -> &[SchemaRow] {
        content
            .schema
            .and_then(|i| self.schema_tables.get(i))
            .map_or(&[], Vec::as_slice)
    }
}

/// One line of a schema shown as an indented table.
#[derive(Debug, Clone, Serialize)]
pub struct SchemaRow {
    /// Nesting level, 0 for the schema itself.
    pub depth: usize,
    /// Property name, `[]` for array items, `{clé}` for map values, `None`
    /// for the schema itself or a variant.
    pub name: Option<String>,
    pub type_label: String,
    pub required: bool,
    pub description_html: Option<Prose>,
    /// A composition or limit shown beside the type (`un parmi (oneOf)`,
    /// `référence circulaire vers Node`, valeurs possibles…).
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Example {
    pub name: Option<String>,
    pub summary: Option<String>,
    /// Pretty JSON, or the text itself for a string example.
    pub code: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SecurityScheme {
    pub name: String,
    pub anchor: String,
    /// `apiKey`, `http`, `oauth2`, `openIdConnect`, `mutualTLS`, `basic`.
    pub kind: String,
    pub description_html: Option<Prose>,
    /// What a client needs to know (`En-tête` → `X-Api-Key`, `Token URL` → …).
    pub details: Vec<Detail>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Detail {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SecurityUse {
    pub name: String,
    pub anchor: String,
    pub scopes: Vec<String>,
}
