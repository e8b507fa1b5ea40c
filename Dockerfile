# Guichet in a container — UNTESTED on the machine this was written on (no image
# can be built there). It runs the commands of the release test
# (test/support/release.ts), which test/server/container-recipe.test.ts checks.
#
#   docker build -t guichet .
#   docker run -p 8787:8787 -v guichet-data:/data --env-file guichet.env guichet

# Stage 1: build the release tarball from the sources (prepack builds everything it packs).
FROM node:20-bookworm AS pack
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm pack --pack-destination /release

# Stage 2: install the tarball without dev dependencies (better-sqlite3 is compiled here if no prebuilt addon matches).
FROM node:20-bookworm AS install
WORKDIR /app
COPY --from=pack /release /release
RUN npm install --omit=dev --no-audit --no-fund /release/guichet-*.tgz

# Stage 3: the runtime, as an unprivileged user, data on a volume.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    GUICHET_MODE=production \
    GUICHET_DATA_DIR=/data \
    PORT=8787 \
    PATH=/app/node_modules/.bin:$PATH
WORKDIR /app
COPY --from=install /app /app
RUN groupadd --system guichet && useradd --system --gid guichet --home-dir /app guichet \
 && mkdir -p /data && chown guichet:guichet /data
USER guichet
VOLUME ["/data"]
EXPOSE 8787
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8787) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["guichet", "serve"]
