# syntax=docker/dockerfile:1
# Perk as a container: built from source, run as compiled JavaScript by a non-root user.
# The runtime image holds the server's production packages only (no console sources, no dev tools).

FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY console/package.json console/
COPY sdk/package.json sdk/
# Dependencies first, so a change of the code does not download them again.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
# What `npm ci` runs as `prepare`: the server's bundle and database template, the console, the SDK.
RUN npm run prepare

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    PERK_DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
COPY console/package.json console/
COPY sdk/package.json sdk/
RUN npm ci --omit=dev --ignore-scripts --workspaces=false --no-audit --no-fund \
    && npm cache clean --force \
    && mkdir -p /data && chown node:node /data
COPY --from=build /src/bin ./bin
COPY --from=build /src/dist ./dist
COPY --from=build /src/console/dist ./console/dist
USER node
# The embedded database of a one-shop install; a chain sets DATABASE_URL and needs no volume.
VOLUME /data
EXPOSE 8080
# SIGTERM: the node stops taking calls (503 on new ones), finishes those under way, stops its loops.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "bin/perk.js"]
CMD ["start"]
