FROM node:20-bookworm-slim
# Fonts for the charts digests carry (Chinese labels need Noto Sans CJK).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk fonts-dejavu-core \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bots ./bots
COPY core ./core
COPY jobs ./jobs
COPY locales ./locales
COPY scripts ./scripts
COPY tsconfig.json ./
USER node
EXPOSE 3000
CMD ["npm", "run", "bot"]
