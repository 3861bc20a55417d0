/*
 * SPDX-License-Identifier: MIT
 *
 * The hal_ota_* wrappers of AliOS-Things (declared in include/hal/ota.h),
 * for boards that keep their hal_ota_module_t port but no longer build the
 * AliOS kernel: board code that calls hal_ota_register_module still links.
 *
 * All are weak, so the kernel's own definitions win where they exist, and
 * each reaches the module through hal_ota_get_default_module() so a
 * kernel's registry is used even if only some of these are replaced. As in
 * AliOS, a NULL module means the registered one and a missing function
 * means success.
 */

#include <stddef.h>
#include <stdint.h>

#include "hal/ota.h"

#if defined( __GNUC__ ) || defined( __clang__ )
    #define OTA_ALIOS_WEAK    __attribute__( ( weak ) )
#else
    #define OTA_ALIOS_WEAK
#endif

static hal_ota_module_t * registeredModule = NULL;

OTA_ALIOS_WEAK void hal_ota_register_module( hal_ota_module_t * module )
{
    registeredModule = module;
}

OTA_ALIOS_WEAK hal_ota_module_t * hal_ota_get_default_module( void )
{
    return registeredModule;
}

OTA_ALIOS_WEAK hal_stat_t hal_ota_init( void * something )
{
    hal_ota_module_t * m = hal_ota_get_default_module();

    if( ( m == NULL ) || ( m->init == NULL ) )
    {
        return -1;
    }

    return m->init( m, something );
}

/* `m`, or the registered module when the caller passes NULL (as AliOS allows). */
static hal_ota_module_t * moduleOrDefault( hal_ota_module_t * m )
{
    return ( m != NULL ) ? m : hal_ota_get_default_module();
}

OTA_ALIOS_WEAK hal_stat_t hal_ota_write( hal_ota_module_t * m,
                                         volatile uint32_t * off_set,
                                         uint8_t * in_buf,
                                         uint32_t in_buf_len )
{
    m = moduleOrDefault( m );

    if( ( m == NULL ) || ( m->ota_write == NULL ) )
    {
        return 0;
    }

    return m->ota_write( m, off_set, in_buf, in_buf_len );
}

OTA_ALIOS_WEAK hal_stat_t hal_ota_read( hal_ota_module_t * m,
                                        volatile uint32_t * off_set,
                                        uint8_t * out_buf,
                                        uint32_t out_buf_len )
{
    m = moduleOrDefault( m );

    if( ( m == NULL ) || ( m->ota_read == NULL ) )
    {
        return 0;
    }

    return m->ota_read( m, off_set, out_buf, out_buf_len );
}

OTA_ALIOS_WEAK hal_stat_t hal_ota_set_boot( hal_ota_module_t * m,
                                            void * something )
{
    m = moduleOrDefault( m );

    if( ( m == NULL ) || ( m->ota_set_boot == NULL ) )
    {
        return 0;
    }

    return m->ota_set_boot( m, something );
}
