package com.microenv.auth;
