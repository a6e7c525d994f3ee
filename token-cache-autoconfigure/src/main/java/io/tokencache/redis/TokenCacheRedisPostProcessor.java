package io.tokencache.redis;

import io.tokencache.TokenCache;
import io.tokencache.autoconfigure.TokenCacheAutoConfiguration;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Wraps the {@link TokenCache} that {@link TokenCacheAutoConfiguration} builds in a
 * {@link RedisTokenCache}, and no other: a {@code TokenCache} the application defines itself
 * stays as it is.
 * <p>
 * A post-processor rather than a second {@code tokenCache} bean method, so that the local cache
 * is built by the one auto-configuration, with its properties and any customization it
 * applies, and a user's own bean still makes that auto-configuration, and with it the tier, back
 * off.
 */
final class TokenCacheRedisPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<RedisTier> tier;

	private final String tierBeanName;

	private final ConfigurableListableBeanFactory beanFactory;

	TokenCacheRedisPostProcessor(ObjectProvider<RedisTier> tier, String tierBeanName,
			ConfigurableListableBeanFactory beanFactory) {
		this.tier = tier;
		this.tierBeanName = tierBeanName;
		this.beanFactory = beanFactory;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (!(bean instanceof TokenCache local) || !isAutoConfigured(beanName)) {
			return bean;
		}
		// Destroyed after the cache: the cache may still be used while the context closes.
		this.beanFactory.registerDependentBean(this.tierBeanName, beanName);
		return this.tier.getObject().decorate(local, beanName);
	}

	private boolean isAutoConfigured(String beanName) {
		if (!this.beanFactory.containsBeanDefinition(beanName)) {
			return false;
		}
		BeanDefinition definition = this.beanFactory.getMergedBeanDefinition(beanName);
		String factoryBean = definition.getFactoryBeanName();
		if (factoryBean == null || !this.beanFactory.containsBean(factoryBean)) {
			return false;
		}
		Class<?> type = this.beanFactory.getType(factoryBean);
		return type != null && TokenCacheAutoConfiguration.class.equals(ClassUtils.getUserClass(type));
	}

}
