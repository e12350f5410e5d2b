// The Keystead API reference: Swagger UI over this server's own OpenAPI document. The address is
// relative to this page, so it also works behind a proxy under a path prefix. Nothing is fetched from
// elsewhere (no validator badge), and an API token typed into "Authorize" is not kept after the tab closes.
window.ui = SwaggerUIBundle({
  url: new URL("../v1/openapi.json", window.location.href).href,
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null,
  persistAuthorization: false,
  // Never load another document named in this page's address (?url=…).
  queryConfigEnabled: false,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
});
