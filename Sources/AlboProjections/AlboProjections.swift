// AlboProjections module
