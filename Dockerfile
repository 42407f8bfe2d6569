# syntax=docker/dockerfile:1.7
# The image of `vitistack controller` (and of the whole `vitistack` CLI): Node.js, the compiled
# project with its production dependencies, the Pulumi CLI and every provider plugin the npm
# packages need, at their exact versions, so that nothing is downloaded at run time.
#
#   docker build -t ghcr.io/vitistack/vitistack-pulumi:0.1.0 .
#   docker buildx build --platform linux/amd64,linux/arm64 -t ... .
#
# Every stage runs on the target platform: the Pulumi CLI and the plugins are native binaries,
# and `pulumi plugin install` fetches the ones for the machine it runs on.

# Pinned by tag; pin by digest too (node:20-bookworm-slim@sha256:...) for reproducible builds.
ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------------------------------------
# The Pulumi CLI, at the version of the SDK in package.json (@pulumi/pulumi). The Automation API
# refuses a CLI older than the SDK's minimum; keeping them equal is the tested combination
# (test/deploy/deploy.test.ts fails when this is older than the installed SDK).
# Only Node.js runs here (the program, and policy packs through the policy analyzer): the other
# language hosts in the tarball, a few hundred MB, are removed.
FROM ${NODE_IMAGE} AS pulumi
ARG PULUMI_VERSION=3.270.0
ARG TARGETARCH
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*
RUN set -eu; \
    case "${TARGETARCH:-amd64}" in \
      amd64) arch=x64 ;; \
      arm64) arch=arm64 ;; \
      *) echo "unsupported TARGETARCH ${TARGETARCH}" >&2; exit 1 ;; \
    esac; \
    tarball="pulumi-v${PULUMI_VERSION}-linux-${arch}.tar.gz"; \
    cd /tmp; \
    curl -fsSLO "https://get.pulumi.com/releases/sdk/${tarball}"; \
    curl -fsSL "https://github.com/pulumi/pulumi/releases/download/v${PULUMI_VERSION}/pulumi-${PULUMI_VERSION}-checksums.txt" \
      | grep " ${tarball}\$" | sha256sum -c --strict -; \
    mkdir -p /opt/pulumi; \
    tar -xzf "${tarball}" -C /opt/pulumi; \
    mv /opt/pulumi/pulumi /opt/pulumi/bin; \
    rm "${tarball}"; \
    cd /opt/pulumi/bin; \
    rm -f pulumi-language-dotnet pulumi-language-go pulumi-language-java \
          pulumi-language-python pulumi-language-python-exec pulumi-language-yaml \
          pulumi-analyzer-policy-python pulumi-resource-pulumi-python pulumi-watch; \
    ./pulumi version

# ---------------------------------------------------------------------------------------------
# The project: compiled, production dependencies only, and its provider plugins.
FROM ${NODE_IMAGE} AS build
ENV npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false \
    PULUMI_SKIP_UPDATE_CHECK=true \
    PULUMI_HOME=/opt/pulumi/home \
    PATH=/opt/pulumi/bin:$PATH
# The CLI and the plugins are Go programs: they need the system's CA certificates to download.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=pulumi /opt/pulumi/bin /opt/pulumi/bin
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` (tsc) needs the sources, copied below, and the dependencies' own
# install scripts are @pulumi/kubernetes's `pulumi plugin install` (done for every provider
# below, at the exact version) and protobufjs's version notice. The test lists the packages with
# install scripts and fails on a new one, which must then be looked at here.
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts
# What the context holds is decided by .dockerignore (an allow-list).
COPY . .
# The build compiles the CrossGuard packs too: policy-packs/<pack>/package.json's main is
# ../../dist/policy-packs/<pack>/index.js, and they use the application's node_modules.
RUN npm run build \
 && npm prune --omit=dev
# One plugin per provider package found in node_modules, at the version that package asks for
# (deploy/image/pulumi-plugins.sh explains how it reads them), into $PULUMI_HOME/plugins.
RUN sh deploy/image/pulumi-plugins.sh install /app \
 && pulumi plugin ls

# ---------------------------------------------------------------------------------------------
# Run time. node:20-bookworm-slim rather than distroless: the pod's init step needs /bin/sh, and
# the Go binaries need /etc/ssl/certs and a passwd entry, both installed here.
FROM ${NODE_IMAGE} AS runtime
# ca-certificates: the slim image purges them, and the Go binaries (the CLI, the providers) do
# not use Node's bundled CA list. tini: PID 1 that forwards SIGTERM to node and reaps the
# provider processes orphaned when a pulumi CLI exits (node would leave them as zombies).
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 65532 vitistack \
 && useradd --uid 65532 --gid 65532 --home-dir /home/vitistack --no-create-home \
      --shell /usr/sbin/nologin vitistack \
 && mkdir -p /home/vitistack/.pulumi \
 && ln -s /opt/pulumi/plugins /home/vitistack/.pulumi/plugins \
 && chown -R 65532:65532 /home/vitistack
# PULUMI_HOME must be writable (Pulumi keeps stack selections under workspaces/ and
# credentials.json there) while the plugins are baked read-only into the image. Pulumi's plugin
# cache is $PULUMI_HOME/plugins, with no variable of its own (GetPluginDir in the SDK's
# workspace/plugins.go), so $PULUMI_HOME/plugins is a symlink to /opt/pulumi/plugins: the
# directory is read through the link, and its entries are the real resource-<name>-v<version>
# directories (symlinked entries would be skipped: only directories count as plugins). The
# alternative, plugin binaries on PATH ("ambient" plugins), is used by the engine but warns
# "using pulumi-resource-aws from $PATH" in every operation (pulumi/pulumi#13670) and ignores
# versions. In Kubernetes, with a read-only root filesystem, /home/vitistack is an emptyDir and
# the Deployment's init container makes the same symlink in it (deploy/deployment.yaml).
COPY --from=pulumi /opt/pulumi/bin /opt/pulumi/bin
COPY --from=build /opt/pulumi/home/plugins /opt/pulumi/plugins
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/policy-packs ./dist/policy-packs
COPY --from=build /app/policy-packs ./policy-packs
ENV NODE_ENV=production \
    PATH=/opt/pulumi/bin:$PATH \
    HOME=/home/vitistack \
    PULUMI_HOME=/home/vitistack/.pulumi \
    PULUMI_SKIP_UPDATE_CHECK=true
USER 65532:65532
EXPOSE 8080 8081
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/bin/vitistack.js"]
CMD ["controller"]
