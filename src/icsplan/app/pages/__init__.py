"""The app's pages, one module each: PATH, NAME, TITLE, `layout(ctx)` and `register(app, ctx)`."""
