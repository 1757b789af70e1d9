// esbuild bundles the UI's stylesheets into the HTML file; TypeScript only needs to know the imports exist.
declare module "*.css";
