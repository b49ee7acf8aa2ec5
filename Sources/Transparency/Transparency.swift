// Transparency module
