# syntax=docker/dockerfile:1
#
# One recipe, one image per service:
#
#   docker build --build-arg SERVICE=worklog -t registry.example.gov.vn/thuocdo/worklog:0.1.0 .
#
# SERVICE is a name of the service registry (packages/registry): org, catalog, worklog,
# analytics, gateway. The build stage installs every dependency and runs the production build
# (scripts/build.ts), which bundles the service into dist/<SERVICE>/main.js and puts beside it
# only the packages it keeps outside the bundle (the Kafka client's native code, chDB for
# analytics, grpc-health-check and @grpc/reflection) and the files it reads at run time
# (protos, migrations, the web app). The runtime stage holds that folder and nothing else: no
# TypeScript, no transpiler, no dev dependency, no other service's packages.
#
# NOT BUILT HERE: the machines this file was written on have no Docker engine. The same build
# (npm run build) runs in the end-to-end tests (test/e2e/production-build.e2e.test.ts), which
# start every service from its dist/ folder with node alone.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------------------------------------
# manifests: only the package.json files and the lockfile, so that the slow `npm ci` below
# (librdkafka is compiled from source, about two minutes) stays cached while sources change.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir /out \
 && find . -name package.json -not -path '*/node_modules/*' -exec cp --parents {} /out/ \; \
 && cp package-lock.json /out/

# ---------------------------------------------------------------------------------------------
# build: install dependencies (CKJS_LINKING=dynamic builds the Kafka client against the system's
# libssl and zlib, so the runtime needs libssl3 and zlib1g only), then bundle the one service.
FROM ${NODE_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libssl-dev zlib1g-dev python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=manifests /out/ ./
ENV CKJS_LINKING=dynamic
RUN --mount=type=cache,target=/root/.npm npm install --no-audit --no-fund
COPY . .
ARG SERVICE
RUN test -n "${SERVICE}" || { echo 'build with --build-arg SERVICE=<org|catalog|worklog|analytics|gateway>' >&2; exit 1; } \
 && node --import tsx scripts/build.ts "${SERVICE}" --copy

# ---------------------------------------------------------------------------------------------
# runtime: the service's folder only.
FROM ${NODE_IMAGE} AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends libssl3 zlib1g ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 thuocdo \
 && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin thuocdo
ARG SERVICE
WORKDIR /app
# Owned by root and not writable by the service user: the code is immutable at run time. The only
# writable places are the volumes the chart mounts (/tmp, and chDB's data folder for analytics
# without a ClickHouse server).
COPY --from=build /app/dist/${SERVICE}/ /app/
ENV NODE_ENV=production \
    OTEL_SERVICE_NAME=${SERVICE}
LABEL org.opencontainers.image.title="thuocdo-${SERVICE}" \
      org.opencontainers.image.licenses="Apache-2.0"

USER 10001:10001
# node is PID 1 and receives SIGTERM itself: the documented shutdown sequence runs (NOT_SERVING,
# drain, stop consumers, flush the outbox, close pools) within SHUTDOWN_TIMEOUT_SECONDS.
# Stack traces name the bundle's lines; NODE_OPTIONS=--enable-source-maps maps them to the
# TypeScript sources (main.js.map is in the image), at about 35 MB of memory per process.
CMD ["node", "main.js"]
