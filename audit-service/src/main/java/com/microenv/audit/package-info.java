package com.microenv.audit;
