FROM node:20-bookworm-slim
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
