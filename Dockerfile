# The OAuth sandbox (`vitrine sandbox`) for a published catalogue's token
# demo, as an unprivileged user behind a reverse proxy that terminates TLS.
# README, "Deploying the sandbox": the flags, the environment variables and
# an nginx example.
#
#   docker build -t vitrine-sandbox .
#   docker run -d --init -p 127.0.0.1:8787:8787 \
#     -e VITRINE_SANDBOX_PUBLIC_URL=https://sandbox.example.org \
#     -e VITRINE_SANDBOX_SITE_URL=https://catalogue.example.org \
#     -e VITRINE_SANDBOX_CONFIG=/etc/vitrine/sandbox.yaml \
#     -v "$PWD/sandbox.yaml:/etc/vitrine/sandbox.yaml:ro" vitrine-sandbox

FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin vitrine \
 && install -m 0755 target/release/vitrine /usr/local/bin/vitrine

FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --user-group --no-create-home \
      --home-dir /nonexistent --shell /usr/sbin/nologin vitrine \
 && mkdir -p /etc/vitrine
COPY --from=build /usr/local/bin/vitrine /usr/local/bin/vitrine
USER 10001:10001
# Every interface of the container; publish the port on the host's loopback
# only, for the proxy.
ENV VITRINE_SANDBOX_BIND=0.0.0.0 \
    VITRINE_SANDBOX_PORT=8787
EXPOSE 8787
ENTRYPOINT ["/usr/local/bin/vitrine", "sandbox"]
