# Portico's image for machines with a container engine. Where there is none
# (or no base image can be downloaded), `make image` writes the same image
# as an archive from the static binary alone.
FROM node:20-bookworm AS console
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM golang:1.26-bookworm AS server
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=console /src/frontend/dist ./frontend/dist
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -ldflags "-s -w -X main.version=${VERSION}" -o /out/portico ./server/cmd/portico \
 && mkdir -p /out/data /out/tmp \
 && printf 'root:x:0:0:root:/root:/sbin/nologin\nportico:x:65532:65532:portico:/data:/sbin/nologin\n' > /out/passwd \
 && printf 'root:x:0:\nportico:x:65532:\n' > /out/group

FROM scratch
COPY --from=server /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=server /out/passwd /etc/passwd
COPY --from=server /out/group /etc/group
COPY --from=server --chmod=1777 /out/tmp /tmp
COPY --from=server --chown=65532:65532 /out/data /data
COPY --from=server /out/portico /portico
ENV PORTICO_DATA_DIR=/data PORTICO_ADDR=:8080 SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
USER 65532:65532
WORKDIR /data
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["/portico"]
