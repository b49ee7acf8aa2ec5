// AlboLog module
