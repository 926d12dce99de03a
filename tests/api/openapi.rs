//! The OpenAPI document: served, version 3.1, and complete. Every route the
//! API registers (`moderato::routes::API_ENDPOINTS` is the registration table)
//! must be documented with its method, and nothing undocumented may be listed.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::backend_tests;

fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    _ => refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

backend_tests! {
    async fn the_openapi_document_describes_every_api_route(app) {
        let response = app.get("/api/v1/openapi.json").await;
        assert_eq!(response.status(), 200);
        let doc: Value = response.json().await.unwrap();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{}", doc["openapi"]);

        let registered: BTreeSet<(String, String)> = moderato::routes::API_ENDPOINTS
            .iter()
            .map(|(m, p)| (m.to_string(), p.to_string()))
            .collect();
        let documented: BTreeSet<(String, String)> = doc["paths"]
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(path, ops)| {
                ops.as_object()
                    .unwrap()
                    .keys()
                    .filter(|k| matches!(k.as_str(), "get" | "post" | "put" | "delete" | "patch"))
                    .map(move |m| (m.clone(), path.clone()))
            })
            .collect();
        let undocumented: Vec<_> = registered.difference(&documented).collect();
        assert!(undocumented.is_empty(), "routes missing from the OpenAPI document: {undocumented:?}");
        let phantom: Vec<_> = documented.difference(&registered).collect();
        assert!(phantom.is_empty(), "documented but not routed: {phantom:?}");
    }

    async fn every_schema_the_document_refers_to_is_defined(app) {
        let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
        let mut found = Vec::new();
        refs(&doc["paths"], &mut found);
        refs(&doc["components"], &mut found);
        assert!(!found.is_empty());
        for r in found {
            let name = r.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("unexpected $ref {r}"));
            assert!(doc["components"]["schemas"].get(name).is_some(), "{r} is not defined");
        }
    }

    async fn every_documented_route_answers_with_its_documented_method(app) {
        // A 404 "not_found" problem means the router does not know the path.
        for (method, path) in moderato::routes::API_ENDPOINTS {
            let url = app.url(&path.replace("{post_id}", "p").replace("{id}", "x").replace("{email}", "a@b.example"));
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let response = app.client.request(method.clone(), &url).send().await.unwrap();
            let status = response.status().as_u16();
            let body: Value = response.json().await.unwrap_or(Value::Null);
            assert!(
                !(status == 404 && body["code"] == "not_found" && !path.contains('{')) && status != 405,
                "{method} {path} answered {status}: {body}"
            );
        }
    }
}
