package com.microenv.gateway;
