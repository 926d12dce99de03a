# syntax=docker/dockerfile:1
# Build: docker build -t moderato .
# Run:   docker run -p 8080:8080 -v moderato-data:/app/data moderato

FROM rust:1.95-slim-bookworm AS builder
WORKDIR /app
# Build the dependencies alone first so that source changes reuse this layer.
COPY Cargo.toml Cargo.lock ./
COPY migrations/Cargo.toml migrations/Cargo.toml
RUN mkdir -p src migrations/src benches \
    && echo 'fn main() {}' > src/main.rs \
    && echo 'fn main() {}' > benches/scoring.rs \
    && touch src/lib.rs migrations/src/lib.rs \
    && cargo build --release --locked \
    && rm -rf src migrations/src
COPY src src
COPY migrations/src migrations/src
# Templates and static assets are compiled into the binary.
COPY templates templates
COPY static static
# Newer mtimes than the placeholder build, so cargo rebuilds our crates.
RUN touch src/main.rs src/lib.rs migrations/src/lib.rs \
    && cargo build --release --locked --bin moderato

FROM debian:bookworm-slim AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin moderato
WORKDIR /app
COPY --from=builder /app/target/release/moderato /usr/local/bin/moderato
COPY config ./config
RUN mkdir -p /app/data && chown moderato:moderato /app/data
USER moderato
# production.toml binds 0.0.0.0 and logs JSON; override keys with MODERATO__SECTION__KEY.
ENV MODERATO_ENV=production
EXPOSE 8080
VOLUME ["/app/data"]
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["moderato"]
CMD ["serve"]
