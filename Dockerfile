# One container: the web app and its daily jobs. Embedded PostgreSQL in /data by default,
# or any PostgreSQL with DATABASE_URL (+ SESSION_SECRET).
FROM node:20-bookworm-slim

WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund && npm cache clean --force
COPY . .
RUN npm run build

# HOST=0.0.0.0: the published port must reach the app from outside the container (the default is loopback).
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM reaches node directly (no shell): requests finish, jobs stop, PostgreSQL stops cleanly.
CMD ["npm", "start"]
