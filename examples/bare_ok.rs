//! The physical limit for `bench/load.sh`: a bare actix-web handler answering
//! "ok", run with the same worker count as moderato on the same machine.
//! It reads the request's body: a handler that leaves a POST's body unread
//! gets its connection closed by actix-web after the answer, and the POST
//! ceiling would then measure TCP handshakes.
//!
//! `cargo run --release --example bare_ok -- 18081`

use actix_web::{web, App, HttpResponse, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let port: u16 = std::env::args()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(18081);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    HttpServer::new(|| {
        App::new().default_service(web::to(|_body: web::Bytes| async {
            HttpResponse::Ok().body("ok")
        }))
    })
    .workers(workers)
    .bind(("127.0.0.1", port))?
    .run()
    .await
}
